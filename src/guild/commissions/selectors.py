"""Reads: querysets already joined and prefetched for the pages, feeds, API and reports."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from guild.commissions.models import (
    Action,
    Attendance,
    Commission,
    Horizon,
    Meeting,
    Membership,
    Mission,
)
from guild.commissions.rules import is_association_member, is_office

PUBLIC_STATUSES = (Action.Status.IN_PROGRESS, Action.Status.DONE)
OPEN_STATUSES = (Action.Status.IDEA, Action.Status.PLANNED, Action.Status.IN_PROGRESS)


def sees_all(user) -> bool:
    return is_office(user)


def visible_commissions(user, *, include_archived: bool = False):
    qs = Commission.objects.all()
    if not (sees_all(user) or is_association_member(user)):
        qs = qs.filter(visibility=Commission.Visibility.PUBLIC)
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return qs


def commission_list(user, *, include_archived: bool = False):
    active = Q(memberships__status=Membership.Status.ACTIVE)
    qs = (
        visible_commissions(user, include_archived=include_archived)
        .annotate(
            member_count=Count("memberships", filter=active, distinct=True),
            mission_count=Count("missions", distinct=True),
            open_action_count=Count(
                "missions__actions",
                distinct=True,
                filter=Q(
                    missions__actions__status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS]
                ),
            ),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    status=Membership.Status.ACTIVE,
                    role__in=[Membership.Role.CHAIR, Membership.Role.CO_CHAIR],
                ).select_related("user"),
                to_attr="chair_memberships",
            )
        )
    )
    if getattr(user, "is_authenticated", False):
        qs = qs.annotate(
            my_status=Count("memberships", filter=Q(memberships__user=user), distinct=True)
        )
    return qs.order_by("archived_at", "name")


def visible_actions(user):
    qs = Action.objects.select_related("mission__commission").prefetch_related("owners")
    commissions = visible_commissions(user, include_archived=True)
    qs = qs.filter(mission__commission__in=commissions)
    if not getattr(user, "is_authenticated", False):
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    return qs


def commission_missions(commission, user):
    actions = Action.objects.prefetch_related("owners").order_by("target_date", "pk")
    if not getattr(user, "is_authenticated", False):
        actions = actions.filter(status__in=PUBLIC_STATUSES)
    return commission.missions.prefetch_related(Prefetch("actions", queryset=actions))


def commission_members(commission):
    return commission.memberships.select_related("user").order_by(
        "status", "role", "user__last_name", "user__first_name"
    )


def board_columns(commission) -> list[tuple[str, str, list[Action]]]:
    actions = (
        Action.objects.filter(mission__commission=commission)
        .select_related("mission__commission")
        .prefetch_related("owners")
        .order_by("target_date", "pk")
    )
    columns = {status: [] for status in Action.Status.values}
    for action in actions:
        columns[action.status].append(action)
    return [(value, label, columns[value]) for value, label in Action.Status.choices]


def roadmap(user, *, commission=None, owner=None, status=None):
    qs = visible_actions(user)
    if commission:
        qs = qs.filter(mission__commission__slug=commission)
    if owner:
        qs = qs.filter(owners__pk=owner)
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_STATUSES)
    columns = {value: [] for value in Horizon.values}
    for action in qs.distinct().order_by("target_date", "pk"):
        columns[action.horizon].append(action)
    return [(value, label, columns[value]) for value, label in Horizon.choices]


def my_actions(user):
    return (
        Action.objects.filter(owners=user)
        .select_related("mission__commission")
        .prefetch_related("owners")
        .order_by("status", "target_date", "pk")
    )


def action_detail(pk: int):
    return (
        Action.objects.select_related("mission__commission", "source_meeting", "created_by")
        .prefetch_related(
            "owners",
            "milestones",
            "indicators",
            "links",
            "depends_on__mission__commission",
            "blocks__mission__commission",
            Prefetch(
                "comments",
                queryset=Action.comments.rel.related_model.objects.select_related("author"),
            ),
        )
        .get(pk=pk)
    )


def meeting_detail(pk: int):
    return (
        Meeting.objects.select_related("commission")
        .prefetch_related(
            "agenda_items",
            "decisions",
            Prefetch("attendances", queryset=Attendance.objects.select_related("user")),
            Prefetch("actions_created", queryset=Action.objects.select_related("mission")),
        )
        .get(pk=pk)
    )


def commission_meetings(commission):
    return commission.meetings.annotate(
        present_count=Count("attendances", filter=Q(attendances__status="present"))
    ).order_by("-starts_at")


def meetings_for(user):
    """Meetings of the commissions this person belongs to (their private feed)."""
    commissions = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values(
        "commission_id"
    )
    return (
        Meeting.objects.filter(commission_id__in=commissions)
        .select_related("commission")
        .prefetch_related("agenda_items")
        .order_by("starts_at")
    )


def public_meetings():
    return (
        Meeting.objects.filter(
            commission__visibility=Commission.Visibility.PUBLIC,
            commission__archived_at__isnull=True,
        )
        .select_related("commission")
        .prefetch_related("agenda_items")
        .order_by("starts_at")
    )


def report_data(year: int, commissions) -> list[dict]:
    """Per commission: missions, actions done and in progress by horizon, meetings and
    attendance, for the activity report of ``year``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    actions = (
        Action.objects.filter(
            Q(status=Action.Status.IN_PROGRESS)
            | Q(status=Action.Status.DONE, completed_at__year=year)
        )
        .prefetch_related("owners")
        .order_by("target_date", "pk")
    )
    meetings = (
        Meeting.objects.filter(starts_at__date__gte=start, starts_at__date__lte=end)
        .annotate(
            present=Count("attendances", filter=Q(attendances__status="present")),
            excused=Count("attendances", filter=Q(attendances__status="excused")),
            absent=Count("attendances", filter=Q(attendances__status="absent")),
        )
        .order_by("starts_at")
    )
    commissions = commissions.prefetch_related(
        Prefetch(
            "missions",
            queryset=Mission.objects.prefetch_related(
                Prefetch("actions", queryset=actions, to_attr="report_actions")
            ),
        ),
        Prefetch("meetings", queryset=meetings, to_attr="report_meetings"),
    ).annotate(
        member_count=Count("memberships", filter=Q(memberships__status="active"), distinct=True)
    )
    result = []
    for commission in commissions:
        groups = []
        all_actions = [a for m in commission.missions.all() for a in m.report_actions]
        for value, label in Horizon.choices:
            in_horizon = [a for a in all_actions if a.horizon == value]
            groups.append(
                {
                    "horizon": value,
                    "label": label,
                    "done": [a for a in in_horizon if a.status == Action.Status.DONE],
                    "in_progress": [a for a in in_horizon if a.status == Action.Status.IN_PROGRESS],
                }
            )
        result.append(
            {
                "commission": commission,
                "missions": list(commission.missions.all()),
                "horizons": groups,
                "done_count": sum(len(g["done"]) for g in groups),
                "in_progress_count": sum(len(g["in_progress"]) for g in groups),
                "meetings": commission.report_meetings,
            }
        )
    return result


def home_block(request) -> dict:
    """The commissions block of the home page: visible commissions, next public meetings."""
    return {
        "commissions": list(visible_commissions(request.user)[:8]),
        "meetings": list(public_meetings().filter(starts_at__gte=timezone.now())[:3]),
    }


def upcoming_meetings(commission, limit: int = 5):
    return commission.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:limit]

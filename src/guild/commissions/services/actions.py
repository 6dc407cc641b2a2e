"""Writes on actions: create and edit, the status machine, progress, dependencies,
milestones, indicators, links and comments (with @mentions that notify)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from guild.commissions.models import (
    Action,
    ActionComment,
    ActionLink,
    Horizon,
    Indicator,
    Membership,
    Milestone,
)
from guild.commissions.services.base import NOT_A_MEMBER, check_dates, horizon_for, require
from guild.core.audit import audit_log

S = Action.Status

# The status machine, declared once: from each status, where an action may go.
TRANSITIONS: dict[str, set[str]] = {
    S.IDEA: {S.PLANNED, S.IN_PROGRESS, S.ABANDONED},
    S.PLANNED: {S.IDEA, S.IN_PROGRESS, S.ABANDONED},
    S.IN_PROGRESS: {S.PLANNED, S.DONE, S.ABANDONED},
    S.DONE: {S.IN_PROGRESS},
    S.ABANDONED: {S.IDEA, S.PLANNED},
}
CREATE_STATUSES = {S.IDEA, S.PLANNED, S.IN_PROGRESS}
EDITABLE_FIELDS = (
    "title",
    "description",
    "start_date",
    "target_date",
    "planned_budget",
    "spent_budget",
    "progress",
)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = {
    "pdf",
    "odt",
    "ods",
    "odp",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "txt",
    "csv",
    "png",
    "jpg",
    "jpeg",
    "md",
}
_DEPENDENCY_LOCK = 7_311_040_001


def allowed_transitions(action: Action) -> list[str]:
    return [s for s in S.values if s in TRANSITIONS[action.status]]


def _apply_horizon(action: Action, horizon: str | None) -> None:
    if horizon:
        action.horizon = horizon
        action.horizon_explicit = True
    else:
        planned_on = timezone.localdate(action.created_at)
        action.horizon = horizon_for(planned_on, action.target_date)
        action.horizon_explicit = False


def _check_numbers(data: dict) -> None:
    errors = {}
    progress = data.get("progress")
    if progress is not None and not 0 <= int(progress) <= 100:
        errors["progress"] = _("Progress is a percentage between 0 and 100.")
    for field in ("planned_budget", "spent_budget"):
        value = data.get(field)
        if value is not None and Decimal(value) < 0:
            errors[field] = _("A budget cannot be negative.")
    if errors:
        raise ValidationError(errors)


def action_create(
    *,
    actor,
    mission,
    title: str,
    description: str = "",
    owners=(),
    start_date=None,
    target_date=None,
    horizon: str | None = None,
    status: str = S.IDEA,
    progress: int = 0,
    planned_budget=Decimal("0"),
    spent_budget=Decimal("0"),
    source_meeting=None,
) -> Action:
    require(actor, "commissions.contribute", mission.commission, NOT_A_MEMBER)
    check_dates(start_date, target_date)
    _check_numbers(
        {"progress": progress, "planned_budget": planned_budget, "spent_budget": spent_budget}
    )
    if status not in CREATE_STATUSES:
        raise ValidationError({"status": _("A new action is an idea, planned or in progress.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the action a title.")})
    with transaction.atomic():
        action = Action(
            mission=mission,
            title=title.strip(),
            description=description,
            start_date=start_date,
            target_date=target_date,
            status=status,
            progress=progress,
            planned_budget=planned_budget,
            spent_budget=spent_budget,
            source_meeting=source_meeting,
            created_by=actor,
            started_at=timezone.now() if status == S.IN_PROGRESS else None,
        )
        _apply_horizon(action, horizon)
        action.save()
        if owners:
            action.owners.set(owners)
        audit_log(
            actor=actor,
            action="commissions.action_create",
            target=action,
            data={
                "mission": mission.pk,
                "horizon": action.horizon,
                "status": status,
                "meeting": source_meeting.pk if source_meeting else None,
            },
        )
    return action


def action_update(
    *, actor, action: Action, owners=None, horizon: str | None = None, mission=None, **data
) -> Action:
    require(actor, "commissions.change_action", action, NOT_A_MEMBER)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if mission is not None and mission.commission_id != action.mission.commission_id:
        require(actor, "commissions.contribute", mission.commission, NOT_A_MEMBER)
    check_dates(
        data.get("start_date", action.start_date), data.get("target_date", action.target_date)
    )
    _check_numbers(data)
    if "title" in data and not data["title"].strip():
        raise ValidationError({"title": _("Give the action a title.")})
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        for field, value in data.items():
            setattr(action, field, value)
        if mission is not None:
            action.mission = mission
        _apply_horizon(action, horizon)
        action.save()
        if owners is not None:
            action.owners.set(owners)
        audit_log(
            actor=actor,
            action="commissions.action_update",
            target=action,
            data={"fields": sorted(data), "horizon": action.horizon},
        )
    return action


def action_transition(*, actor, action: Action, status: str, reason: str = "") -> Action:
    """The only way an action's status changes."""
    require(actor, "commissions.change_action", action, NOT_A_MEMBER)
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        if status not in TRANSITIONS.get(action.status, set()):
            raise ValidationError(
                {
                    "status": _("An action cannot go from “%(current)s” to “%(target)s”.")
                    % {
                        "current": action.get_status_display(),
                        "target": dict(S.choices).get(status, status),
                    }
                }
            )
        reason = (reason or "").strip()
        if status == S.ABANDONED and not reason:
            raise ValidationError({"reason": _("Say why the action is abandoned.")})
        previous = action.status
        action.status = status
        action.abandon_reason = reason if status == S.ABANDONED else ""
        now = timezone.now()
        if status == S.IN_PROGRESS and action.started_at is None:
            action.started_at = now
        if status == S.DONE:
            action.completed_at = now
            action.progress = 100
        else:
            action.completed_at = None
        action.save()
        audit_log(
            actor=actor,
            action="commissions.action_transition",
            target=action,
            data={"from": previous, "to": status, "reason": reason},
        )
    return action


def action_set_progress(*, actor, action: Action, progress: int) -> Action:
    require(actor, "commissions.change_action", action, NOT_A_MEMBER)
    _check_numbers({"progress": progress})
    with transaction.atomic():
        Action.objects.filter(pk=action.pk).update(progress=progress, updated_at=timezone.now())
        action.progress = progress
        audit_log(
            actor=actor,
            action="commissions.action_progress",
            target=action,
            data={"progress": progress},
        )
    return action


def _reachable(start_id: int, goal_id: int) -> bool:
    """Is ``goal`` reachable from ``start`` by following ``depends_on`` edges?"""
    through = Action.depends_on.through
    seen, frontier = {start_id}, {start_id}
    while frontier:
        if goal_id in frontier:
            return True
        nxt = set(
            through.objects.filter(from_action_id__in=frontier).values_list(
                "to_action_id", flat=True
            )
        )
        frontier = nxt - seen
        seen |= nxt
    return False


def dependency_add(*, actor, action: Action, depends_on: Action) -> None:
    require(actor, "commissions.change_action", action, NOT_A_MEMBER)
    require(actor, "commissions.view_action", depends_on)
    if depends_on.pk == action.pk:
        raise ValidationError({"depends_on": _("An action cannot depend on itself.")})
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_DEPENDENCY_LOCK])
        if _reachable(depends_on.pk, action.pk):
            raise ValidationError(
                {
                    "depends_on": _(
                        "“%(other)s” already depends, directly or not, on “%(action)s”: this "
                        "dependency would make a cycle."
                    )
                    % {"other": depends_on.title, "action": action.title}
                }
            )
        action.depends_on.add(depends_on)
        audit_log(
            actor=actor,
            action="commissions.dependency_add",
            target=action,
            data={"depends_on": depends_on.pk},
        )


def dependency_remove(*, actor, action: Action, depends_on: Action) -> None:
    require(actor, "commissions.change_action", action, NOT_A_MEMBER)
    with transaction.atomic():
        action.depends_on.remove(depends_on)
        audit_log(
            actor=actor,
            action="commissions.dependency_remove",
            target=action,
            data={"depends_on": depends_on.pk},
        )


def milestone_add(*, actor, action: Action, title: str, due_date=None) -> Milestone:
    require(actor, "commissions.change_action", action, NOT_A_MEMBER)
    if due_date and action.start_date and due_date < action.start_date:
        raise ValidationError({"due_date": _("A milestone cannot fall before the start date.")})
    with transaction.atomic():
        return Milestone.objects.create(action=action, title=title.strip(), due_date=due_date)


def milestone_toggle(*, actor, milestone: Milestone) -> Milestone:
    require(actor, "commissions.change_action", milestone.action, NOT_A_MEMBER)
    with transaction.atomic():
        milestone.done_at = None if milestone.done_at else timezone.now()
        milestone.save(update_fields=["done_at"])
    return milestone


def indicator_save(
    *,
    actor,
    action: Action,
    indicator: Indicator | None = None,
    name: str,
    target_value,
    current_value=Decimal("0"),
    unit: str = "",
) -> Indicator:
    require(actor, "commissions.change_action", action, NOT_A_MEMBER)
    with transaction.atomic():
        indicator = indicator or Indicator(action=action)
        indicator.name, indicator.unit = name.strip(), unit.strip()
        indicator.target_value, indicator.current_value = target_value, current_value
        indicator.save()
    return indicator


def link_add(
    *, actor, action: Action, kind: str, title: str, url: str = "", file=None
) -> ActionLink:
    require(actor, "commissions.change_action", action, NOT_A_MEMBER)
    if bool(url) == bool(file):
        raise ValidationError({"url": _("Give either an address (URL) or a file, not both.")})
    if file is not None:
        extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
        if extension not in ALLOWED_EXTENSIONS:
            raise ValidationError({"file": _("This kind of file is not accepted.")})
        if file.size > MAX_UPLOAD_BYTES:
            raise ValidationError({"file": _("The file is too large (10 MB at most).")})
    with transaction.atomic():
        link = ActionLink(action=action, kind=kind, title=title.strip(), url=url, added_by=actor)
        if file is not None:
            link.file.save(file.name, file, save=False)
        link.save()
        audit_log(
            actor=actor,
            action="commissions.link_add",
            target=action,
            data={"kind": kind, "title": link.title},
        )
    return link


def link_remove(*, actor, link: ActionLink) -> None:
    require(actor, "commissions.change_action", link.action, NOT_A_MEMBER)
    with transaction.atomic():
        if link.file:
            name = link.file.name
            storage = link.file.storage
            transaction.on_commit(lambda: storage.delete(name))
        link.delete()


MENTION_RE = re.compile(r"(?<![\w.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)", re.UNICODE)


def mention_handle(user) -> str:
    handle = ".".join(p for p in (slugify(user.first_name), slugify(user.last_name)) if p)
    return handle or user.email


def _mentionable(action: Action):
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    members = Membership.objects.filter(
        commission_id=action.mission.commission_id, status=Membership.Status.ACTIVE
    ).values("user_id")
    owners = Action.owners.through.objects.filter(action_id=action.pk).values("user_id")
    return get_user_model().objects.filter(Q(pk__in=members) | Q(pk__in=owners), is_active=True)


def find_mentions(action: Action, body: str) -> list:
    wanted = {m.lower().rstrip(".") for m in MENTION_RE.findall(body)}
    if not wanted:
        return []
    found = []
    for user in _mentionable(action):
        if user.email.lower() in wanted or mention_handle(user).lower() in wanted:
            found.append(user)
    return found


def comment_add(*, actor, action: Action, body: str) -> ActionComment:
    require(actor, "commissions.comment_action", action, NOT_A_MEMBER)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something before sending.")})
    mentioned = [u for u in find_mentions(action, body) if u.pk != actor.pk]
    with transaction.atomic():
        comment = ActionComment.objects.create(action=action, author=actor, body=body)
        comment.mentioned.set(mentioned)
        ids = [u.pk for u in mentioned]
        transaction.on_commit(lambda: _notify_mentions(comment.pk, ids))
    return comment


def _notify_mentions(comment_id: int, user_ids: list[int]) -> None:
    from django.contrib.auth import get_user_model

    from guild.core.outbox import email_queue

    comment = ActionComment.objects.select_related("action__mission__commission", "author").get(
        pk=comment_id
    )
    for user in get_user_model().objects.filter(pk__in=user_ids):
        email_queue(
            to=user.email,
            template="commissions/email/mention",
            context={"comment": comment, "action": comment.action, "person": user},
            language=user.language,
            category="commissions",
            dedupe_key=f"commissions:mention:{comment.pk}:{user.pk}",
        )


HORIZON_LABELS = dict(Horizon.choices)

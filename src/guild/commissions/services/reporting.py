"""Reminders to owners, the quarterly digest and the annual activity report (PDF).

The periodic jobs are idempotent: every e-mail carries a dedupe key, so running a job twice
(or on two machines) sends each message once."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from guild.commissions import selectors
from guild.commissions.models import Action, Commission, CommissionSettings, Meeting, Membership
from guild.core.models import OutgoingEmail
from guild.core.outbox import email_queue
from guild.core.permissions import BOARD

# Overdue actions are reminded once; older ones (e.g. on the first run) are left alone.
OVERDUE_WINDOW_DAYS = 30


def send_reminders(today: date | None = None) -> int:
    """Remind the owners of open actions whose target date is near, and once when overdue."""
    today = today or timezone.localdate()
    config = CommissionSettings.load()
    horizon = today + timedelta(days=config.reminder_days)
    actions = (
        Action.objects.filter(
            status__in=[Action.Status.IDEA, Action.Status.PLANNED, Action.Status.IN_PROGRESS],
            target_date__isnull=False,
            target_date__lte=horizon,
            target_date__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS),
            mission__commission__archived_at__isnull=True,
        )
        .select_related("mission__commission")
        .prefetch_related("owners")
    )
    sent = 0
    for action in actions:
        overdue = action.target_date < today
        kind = "overdue" if overdue else "due"
        for owner in action.owners.all():
            if not owner.is_active:
                continue
            key = f"commissions:reminder:{kind}:{action.pk}:{action.target_date}:{owner.pk}"
            if OutgoingEmail.objects.filter(dedupe_key=key).exists():
                continue
            email_queue(
                to=owner.email,
                template="commissions/email/reminder",
                context={
                    "action": action,
                    "person": owner,
                    "overdue": overdue,
                    "days_left": (action.target_date - today).days,
                },
                language=owner.language,
                category="commissions",
                dedupe_key=key,
            )
            sent += 1
    return sent


def previous_quarter(today: date) -> tuple[int, int, date, date]:
    quarter = (today.month - 1) // 3 + 1
    year = today.year
    quarter -= 1
    if quarter == 0:
        quarter, year = 4, year - 1
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end_month = 3 * quarter
    end = (date(year + (end_month == 12), end_month % 12 + 1, 1)) - timedelta(days=1)
    return year, quarter, start, end


def digest_recipients():
    user_model = get_user_model()
    chair_ids = Membership.objects.filter(
        status=Membership.Status.ACTIVE,
        role__in=[Membership.Role.CHAIR, Membership.Role.CO_CHAIR],
        commission__archived_at__isnull=True,
    ).values("user_id")
    return user_model.objects.filter(
        Q(pk__in=chair_ids) | Q(role_grants__role=BOARD, role_grants__revoked_at__isnull=True),
        is_active=True,
    ).distinct()


def send_quarterly_digest(today: date | None = None) -> int:
    """Once a quarter: what happened in the quarter just ended, to chairs and the board."""
    today = today or timezone.localdate()
    year, quarter, start, end = previous_quarter(today)
    commissions = Commission.objects.filter(archived_at__isnull=True)
    done = Action.objects.filter(
        status=Action.Status.DONE, completed_at__date__gte=start, completed_at__date__lte=end
    ).select_related("mission__commission")
    overdue = Action.objects.filter(
        status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
        target_date__lt=today,
    ).select_related("mission__commission")
    started = Action.objects.filter(
        started_at__date__gte=start, started_at__date__lte=end
    ).select_related("mission__commission")
    meetings = Meeting.objects.filter(
        starts_at__date__gte=start, starts_at__date__lte=end
    ).select_related("commission")
    rows = []
    for commission in commissions:
        rows.append(
            {
                "commission": commission,
                "done": [a for a in done if a.mission.commission_id == commission.pk],
                "started": [a for a in started if a.mission.commission_id == commission.pk],
                "overdue": [a for a in overdue if a.mission.commission_id == commission.pk],
                "meetings": [m for m in meetings if m.commission_id == commission.pk],
            }
        )
    count = 0
    for person in digest_recipients():
        key = f"commissions:digest:{year}-Q{quarter}:{person.pk}"
        if OutgoingEmail.objects.filter(dedupe_key=key).exists():
            continue
        email_queue(
            to=person.email,
            template="commissions/email/digest",
            context={
                "person": person,
                "rows": rows,
                "year": year,
                "quarter": quarter,
                "start": start,
                "end": end,
            },
            language=person.language,
            category="commissions",
            dedupe_key=key,
        )
        count += 1
    return count


def activity_report_pdf(*, year: int, commissions) -> bytes:
    from guild.core.pdf import render_pdf

    data = selectors.report_data(year, commissions)
    return render_pdf(
        "commissions/pdf/activity_report.html",
        {"year": year, "sections": data, "generated_at": timezone.now()},
    )

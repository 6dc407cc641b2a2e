"""Writes on meetings: schedule, notice (with an iCal invitation), attendance, minutes,
decisions and actions created from the minutes; calendar feed tokens."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guild.commissions import ics
from guild.commissions.models import (
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    Meeting,
    Membership,
)
from guild.commissions.services.actions import action_create
from guild.commissions.services.base import NOT_A_CHAIR, require
from guild.core.audit import audit_log


def _lines(text: str) -> list[str]:
    return [line.strip("-• \t") for line in (text or "").splitlines() if line.strip("-• \t")]


def _check_meeting(starts_at, ends_at, location, video_url) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if not (location or "").strip() and not video_url:
        raise ValidationError({"location": _("Give a place or a video link.")})


def meeting_save(
    *,
    actor,
    commission,
    meeting: Meeting | None = None,
    title: str,
    starts_at,
    ends_at,
    location: str = "",
    video_url: str = "",
    agenda: str = "",
) -> Meeting:
    require(actor, "commissions.change_meeting", commission, NOT_A_CHAIR)
    _check_meeting(starts_at, ends_at, location, video_url)
    with transaction.atomic():
        created = meeting is None
        if created:
            meeting = Meeting(commission=commission)
        else:
            meeting.sequence += 1
        meeting.title, meeting.location, meeting.video_url = title.strip(), location, video_url
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        meeting.save()
        meeting.agenda_items.all().delete()
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, title=line[:250], position=i)
            for i, line in enumerate(_lines(agenda), start=1)
        )
        audit_log(
            actor=actor,
            action="commissions.meeting_create" if created else "commissions.meeting_update",
            target=meeting,
            data={"starts_at": starts_at, "commission": commission.pk},
        )
    return meeting


def meeting_send_convocation(*, actor, meeting: Meeting) -> int:
    """E-mail the notice with an iCal invitation to every active member. Refused for a
    meeting that has already started."""
    require(actor, "commissions.change_meeting", meeting.commission, NOT_A_CHAIR)
    if meeting.is_past:
        raise ValidationError(
            _("This meeting is in the past: a notice can only be sent for a meeting to come.")
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.convocation_sent_at = timezone.now()
        meeting.save(update_fields=["convocation_sent_at"])
        members = list(
            Membership.objects.filter(
                commission=meeting.commission,
                status=Membership.Status.ACTIVE,
                user__is_active=True,
            ).select_related("user")
        )
        audit_log(
            actor=actor,
            action="commissions.meeting_convocation",
            target=meeting,
            data={"recipients": len(members), "sequence": meeting.sequence},
        )
        user_ids = [m.user_id for m in members]
        transaction.on_commit(lambda: _send_convocations(meeting.pk, user_ids))
    return len(members)


def _send_convocations(meeting_id: int, user_ids: list[int]) -> None:
    from django.contrib.auth import get_user_model

    from guild.core.outbox import Attachment, email_queue

    meeting = (
        Meeting.objects.select_related("commission")
        .prefetch_related("agenda_items")
        .get(pk=meeting_id)
    )
    organizer = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
    for user in get_user_model().objects.filter(pk__in=user_ids):
        invite = ics.invitation(meeting, user, organizer)
        email_queue(
            to=user.email,
            template="commissions/email/convocation",
            context={
                "meeting": meeting,
                "person": user,
                "agenda": list(meeting.agenda_items.all()),
            },
            language=user.language,
            category="commissions",
            attachments=[
                Attachment("invitation.ics", invite, "text/calendar; method=REQUEST; charset=UTF-8")
            ],
            dedupe_key=f"commissions:convocation:{meeting.pk}:{meeting.sequence}:{user.pk}",
        )


def attendance_record(*, actor, meeting: Meeting, statuses: dict) -> None:
    """``statuses``: {user_id: Attendance.Status}; an empty status removes the record."""
    require(actor, "commissions.change_meeting", meeting.commission, NOT_A_CHAIR)
    allowed = set(
        Membership.objects.filter(commission=meeting.commission).values_list("user_id", flat=True)
    ) | set(meeting.attendances.values_list("user_id", flat=True))
    with transaction.atomic():
        for user_id, status in statuses.items():
            if int(user_id) not in allowed:
                raise ValidationError(_("Attendance can only be taken for commission members."))
            if status:
                Attendance.objects.update_or_create(
                    meeting=meeting, user_id=user_id, defaults={"status": status}
                )
            else:
                Attendance.objects.filter(meeting=meeting, user_id=user_id).delete()
        audit_log(
            actor=actor,
            action="commissions.meeting_attendance",
            target=meeting,
            data={"count": len(statuses)},
        )


def minutes_save(
    *, actor, meeting: Meeting, minutes: str, decisions: str = "", publish: bool = False
) -> Meeting:
    require(actor, "commissions.change_meeting", meeting.commission, NOT_A_CHAIR)
    if publish and not minutes.strip():
        raise ValidationError({"minutes": _("Write the minutes before publishing them.")})
    with transaction.atomic():
        meeting.minutes = minutes
        if publish and meeting.minutes_published_at is None:
            meeting.minutes_published_at = timezone.now()
        meeting.save(update_fields=["minutes", "minutes_published_at"])
        meeting.decisions.all().delete()
        Decision.objects.bulk_create(
            Decision(meeting=meeting, text=line, position=i)
            for i, line in enumerate(_lines(decisions), start=1)
        )
        audit_log(
            actor=actor,
            action="commissions.meeting_minutes",
            target=meeting,
            data={
                "published": bool(meeting.minutes_published_at),
                "decisions": len(_lines(decisions)),
            },
        )
    return meeting


def action_create_from_minutes(*, actor, meeting: Meeting, mission, **fields):
    if mission.commission_id != meeting.commission_id:
        raise ValidationError({"mission": _("Choose a mission of this commission.")})
    require(actor, "commissions.change_meeting", meeting.commission, NOT_A_CHAIR)
    return action_create(actor=actor, mission=mission, source_meeting=meeting, **fields)


def calendar_token_get(*, user) -> CalendarToken:
    with transaction.atomic():
        token = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()
        return token or CalendarToken.objects.create(user=user)


def calendar_token_revoke(*, user) -> CalendarToken:
    """Revoke the current address and issue a new one (the old one stops working at once)."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        return CalendarToken.objects.create(user=user)

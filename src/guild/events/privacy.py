"""Personal data held by the events app: export and erasure."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from guild.events.models import Registration, WaitingListEntry


def _mine(user):
    return Registration.objects.filter(Q(order__user=user) | Q(email=user.email.lower()))


def export_user(user) -> dict:
    return {
        "registrations": [
            {
                "event": r.event.name,
                "ticket_type": r.ticket_type.name,
                "status": r.status,
                "first_name": r.first_name,
                "last_name": r.last_name,
                "email": r.email,
                "company": r.company,
                "job_title": r.job_title,
                "answers": r.answers,
                "share_with_exhibitors": r.share_with_exhibitors,
                "share_consent_text": r.share_consent_text,
                "share_consent_at": r.share_consent_at.isoformat() if r.share_consent_at else None,
                "registered_at": r.created_at.isoformat(),
                "entries": [s.scanned_at.isoformat() for s in r.scans.all()],
            }
            for r in _mine(user).select_related("event", "ticket_type").prefetch_related("scans")
        ],
        "waiting_list": [
            {"event": w.event.name, "status": w.status, "since": w.created_at.isoformat()}
            for w in WaitingListEntry.objects.filter(email=user.email.lower()).select_related(
                "event"
            )
        ],
    }


def erase_user(user) -> None:
    """Anonymise registrations (counts and paid amounts stay for the accounts)."""
    for registration in _mine(user):
        registration.first_name = "—"
        registration.last_name = "—"
        registration.email = f"anonymised-{registration.pk}@invalid"
        registration.company = ""
        registration.job_title = ""
        registration.answers = {}
        registration.share_with_exhibitors = False
        registration.anonymised_at = timezone.now()
        registration.save()
    WaitingListEntry.objects.filter(email=user.email.lower()).delete()

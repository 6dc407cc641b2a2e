"""Waiting list: when a place frees up it is held for the next person in line, who gets an
offer by e-mail; an offer not taken in time expires and goes to the next one."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.events.models import Event, Quota, TicketType, WaitingListEntry
from guild.events.services.orders import EventsError

W = WaitingListEntry.Status


def waitlist_join(
    *, actor, event: Event, ticket_type: TicketType, name: str, email: str, language: str = "fr"
) -> WaitingListEntry:
    if not event.waiting_list_enabled:
        raise EventsError(_("This event has no waiting list."), code="no_waiting_list")
    if not name.strip() or "@" not in email:
        raise EventsError(_("Give your name and e-mail address."), code="name_missing")
    email = email.strip().lower()
    if WaitingListEntry.objects.filter(
        ticket_type=ticket_type, email=email, status__in=[W.WAITING, W.OFFERED]
    ).exists():
        raise EventsError(_("You are already on the waiting list."), code="duplicate")
    entry = WaitingListEntry.objects.create(
        event=event,
        ticket_type=ticket_type,
        name=name.strip()[:200],
        email=email,
        language=language,
    )
    transaction.on_commit(lambda: waitlist_offer(ticket_type_id=ticket_type.pk))
    return entry


def waitlist_offer(*, ticket_type_id: int) -> int:
    """Hold free places for the oldest waiting people and send them an offer."""
    offered = 0
    while True:
        with transaction.atomic():
            entry = (
                WaitingListEntry.objects.select_for_update(skip_locked=True)
                .filter(ticket_type_id=ticket_type_id, status=W.WAITING)
                .select_related("event")
                .order_by("created_at", "pk")
                .first()
            )
            if entry is None:
                return offered
            quota_ids = list(
                Quota.objects.filter(ticket_types=ticket_type_id)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            quotas = list(Quota.objects.select_for_update().filter(pk__in=quota_ids).order_by("pk"))
            if any(q.used >= q.size for q in quotas):
                return offered
            for quota in quotas:
                Quota.objects.filter(pk=quota.pk).update(used=F("used") + 1)
            entry.status = W.OFFERED
            entry.offered_until = timezone.now() + timedelta(hours=entry.event.offer_hours)
            entry.save(update_fields=["status", "offered_until", "updated_at"])
            entry_id = entry.pk

            def send(entry_id=entry_id):
                from guild.events.tasks import waitlist_offer_send

                waitlist_offer_send.enqueue(entry_id)

            transaction.on_commit(send)
            offered += 1
        if not quota_ids:  # unlimited ticket type: one offer per call is enough
            return offered


def waitlist_expire_offers() -> int:
    """Periodic job: release places held by offers past their deadline and offer them on."""
    expired = 0
    type_ids = set()
    due = WaitingListEntry.objects.filter(
        status=W.OFFERED, offered_until__lt=timezone.now()
    ).values_list("pk", flat=True)
    for entry_id in list(due):
        with transaction.atomic():
            entry = (
                WaitingListEntry.objects.select_for_update()
                .filter(pk=entry_id, status=W.OFFERED)
                .first()
            )
            if entry is None:  # pragma: no cover - taken meanwhile
                continue
            entry.status = W.EXPIRED
            entry.save(update_fields=["status", "updated_at"])
            for quota in (
                Quota.objects.select_for_update()
                .filter(ticket_types=entry.ticket_type_id)
                .order_by("pk")
            ):
                Quota.objects.filter(pk=quota.pk).update(used=F("used") - 1)
            type_ids.add(entry.ticket_type_id)
            expired += 1
    for type_id in type_ids:
        waitlist_offer(ticket_type_id=type_id)
    return expired


def waitlist_offer_check(entry: WaitingListEntry) -> None:
    if entry.status != W.OFFERED or (entry.offered_until and entry.offered_until < timezone.now()):
        raise EventsError(_("This offer is no longer valid."), code="offer_expired")

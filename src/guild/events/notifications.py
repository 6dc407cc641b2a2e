"""E-mails to attendees: confirmation with badge PDF and iCal invitation, waiting-list offers."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from guild.core.outbox import Attachment, email_queue
from guild.events.badges import ical_invitation, render_badges
from guild.events.models import Order, OrderStatus, WaitingListEntry


def _url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def send_confirmation(order_id: int, registration_ids: list[int]) -> int:
    """One e-mail per attendee (their own badge); the buyer gets a copy of each badge only
    when they registered others without an e-mail of their own."""
    order = Order.objects.select_related("event").filter(pk=order_id).first()
    if order is None or order.status != OrderStatus.CONFIRMED:
        return 0
    event = order.event
    registrations = order.registrations.select_related("ticket_type", "order").filter(
        status=OrderStatus.CONFIRMED
    )
    if registration_ids:
        registrations = registrations.filter(pk__in=registration_ids)
    sent = 0
    for reg in registrations:
        pdf = render_badges([reg], event, layout="a6", language=order.language)
        email_queue(
            to=reg.email,
            template="events/email/confirmation",
            context={
                "event": event,
                "registration": reg,
                "order": order,
                "order_url": _url("events:order", order.code, order.secret),
                "confirmation_text": event.confirmation_text,
            },
            language=order.language,
            attachments=[
                Attachment(f"badge-{reg.pk}.pdf", pdf, "application/pdf"),
                Attachment(
                    "invitation.ics", ical_invitation(event, reg), "text/calendar; method=REQUEST"
                ),
            ],
            dedupe_key=f"events-confirm-{reg.pk}-{reg.badge_key}",
            category="events",
        )
        sent += 1
    return sent


def send_waitlist_offer(entry_id: int) -> None:
    entry = (
        WaitingListEntry.objects.select_related("event", "ticket_type")
        .filter(pk=entry_id, status=WaitingListEntry.Status.OFFERED)
        .first()
    )
    if entry is None:
        return
    email_queue(
        to=entry.email,
        template="events/email/waitlist_offer",
        context={
            "entry": entry,
            "event": entry.event,
            "offer_url": _url("events:offer", entry.pk, entry.offer_secret),
        },
        language=entry.language,
        dedupe_key=f"events-offer-{entry.pk}",
        category="events",
    )

"""Background work: thin tasks that take ids, load, and call a service. Safe to run twice."""

from __future__ import annotations

from django.tasks import task


@task()
def order_confirmation_send(order_id: int, registration_ids: list[int] | None = None) -> int:
    from guild.events.notifications import send_confirmation

    return send_confirmation(order_id, registration_ids or [])


@task()
def waitlist_offer_send(entry_id: int) -> None:
    from guild.events.notifications import send_waitlist_offer

    send_waitlist_offer(entry_id)

"""Personal data held by co-working: bookings, plans and preferences."""

from __future__ import annotations

from guild.coworking.models import Booking, SpaceSettings, Subscription


def export(user) -> dict:
    return {
        "bookings": [
            {
                "resource": b.resource.name,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "status": b.status,
            }
            for b in Booking.objects.filter(user=user).select_related("resource")
        ],
        "subscriptions": [
            {"plan": s.plan.name, "status": s.status}
            for s in Subscription.objects.filter(user=user).select_related("plan")
        ],
        "show_presence": SpaceSettings.objects.filter(user=user, show_presence=True).exists(),
    }


def erase(user) -> None:
    # Bookings are kept (occupancy history, possibly invoiced) but lose their free-text note;
    # the presence preference and the calendar token are removed.
    Booking.objects.filter(user=user).update(note="")
    SpaceSettings.objects.filter(user=user).delete()

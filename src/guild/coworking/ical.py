"""The private iCal feed of a member's bookings."""

from __future__ import annotations

from django.conf import settings
from icalendar import Calendar, Event

from guild.coworking.models import HOLDING


def bookings_calendar(bookings) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Guild//coworking//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Coworking")
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0] or "guild"
    for booking in bookings:
        event = Event()
        event.add("uid", f"coworking-booking-{booking.pk}@{host}")
        event.add("summary", f"{booking.resource.name} – {booking.resource.space.name}")
        event.add("dtstart", booking.start)
        event.add("dtend", booking.end)
        event.add("dtstamp", booking.created_at)
        event.add("location", booking.resource.space.address_line)
        event.add("status", "CONFIRMED" if booking.status in HOLDING else "CANCELLED")
        cal.add_component(event)
    return cal.to_ical()

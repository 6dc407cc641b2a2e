"""iCalendar (RFC 5545) documents for meetings: invitations and feeds."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from guild.core.identity import get_identity


def _calendar(name: str, method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Guild//Commissions//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if method:
        cal.add("method", method)
    return cal


def meeting_event(meeting, attendee=None, organizer_email: str = "") -> Event:
    event = Event()
    event.add("uid", f"{meeting.uid}@guild")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("sequence", meeting.sequence)
    event.add("summary", f"{meeting.commission.name} – {meeting.title}")
    lines = [item.title for item in meeting.agenda_items.all()]
    description = "\n".join(f"• {line}" for line in lines)
    if meeting.video_url:
        description = f"{meeting.video_url}\n\n{description}".strip()
    if description:
        event.add("description", description)
    location = meeting.location or meeting.video_url
    if location:
        event.add("location", location)
    event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
    if organizer_email:
        organizer = vCalAddress(f"mailto:{organizer_email}")
        organizer.params["cn"] = vText(get_identity().name or "Guild")
        event.add("organizer", organizer)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.display_name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address)
    return event


def invitation(meeting, attendee, organizer_email: str) -> bytes:
    cal = _calendar(meeting.commission.name, method="REQUEST")
    cal.add_component(meeting_event(meeting, attendee, organizer_email))
    return cal.to_ical()


def feed(name: str, meetings) -> bytes:
    cal = _calendar(name)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
    return cal.to_ical()

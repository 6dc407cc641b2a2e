"""Badges (PDF, one or a batch on A4 sheets with cut marks or A6 cards) and iCal invitations."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from guild.core.pdf import render_pdf

LAYOUTS = ("a6", "a4")


def qr_svg(data: str) -> str:
    """The badge QR code as inline SVG with a viewBox, so CSS sizes it (42 mm on badges)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(
        buffer, kind="svg", border=1, xmldecl=False, svgns=True, omitsize=True
    )
    return buffer.getvalue().decode()


def badge_context(registrations, event, *, with_qr: bool = True) -> list[dict]:
    badges = []
    for reg in registrations:
        badges.append(
            {
                "name_first": reg.first_name,
                "name_last": reg.last_name,
                "company": reg.company if event.badge_show_company else "",
                "job": reg.job_title if event.badge_show_job else "",
                "ticket": reg.ticket_type.name,
                "colour": reg.ticket_type.colour,
                # inline SVG: no resource to fetch, sharp at any print size
                "qr": mark_safe(qr_svg(reg.token)) if with_qr else "",  # noqa: S308 - segno
                "token": reg.token,
                "ref": reg.order.code if hasattr(reg, "order") else "",
            }
        )
    return badges


def render_badges(
    registrations, event, *, layout: str = "a6", language: str = "fr", engine: str = "auto"
) -> bytes:
    """Badges PDF. ``engine="auto"`` draws them directly (``badge_pdf``, ~1 ms a badge) when the
    DejaVu fonts are installed, else lays out the HTML templates with WeasyPrint."""
    from guild.events import badge_pdf

    if engine == "direct" or (engine == "auto" and badge_pdf.available()):
        from django.utils import translation

        with translation.override(language):
            title = gettext("Badges")
        badges = badge_context(registrations, event, with_qr=False)
        return badge_pdf.render(badges, event.name, layout=layout, title=title)
    badges = badge_context(registrations, event)
    if layout == "a4":
        sheets = [badges[i : i + 4] for i in range(0, len(badges), 4)]
        return render_pdf(
            "events/pdf/badges_a4.html", {"event": event, "sheets": sheets}, language=language
        )
    return render_pdf(
        "events/pdf/badges_a6.html", {"event": event, "badges": badges}, language=language
    )


def ical_invitation(event, registration=None, *, method: str = "REQUEST") -> bytes:
    from icalendar import Calendar, vCalAddress, vText
    from icalendar import Event as IEvent

    from guild.core.identity import get_identity

    identity = get_identity()
    cal = Calendar()
    cal.add("prodid", "-//Guild//events//FR")
    cal.add("version", "2.0")
    cal.add("method", method)
    item = IEvent()
    item.add("uid", f"event-{event.pk}-{registration.pk if registration else 'public'}@guild")
    item.add("summary", event.name)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("dtstamp", timezone.now())
    location = ", ".join(p for p in (event.venue_name, event.venue_address) if p)
    if location:
        item.add("location", location)
    item.add("url", settings.SITE_URL.rstrip("/") + reverse("events:detail", args=[event.slug]))
    if event.summary:
        item.add("description", event.summary)
    organiser = vCalAddress(f"mailto:{identity.contact_email or settings.DEFAULT_FROM_EMAIL}")
    organiser.params["cn"] = vText(identity.short_name or identity.name)
    item["organizer"] = organiser
    if registration is not None:
        attendee = vCalAddress(f"mailto:{registration.email}")
        attendee.params["cn"] = vText(registration.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("ACCEPTED")
        item.add("attendee", attendee, encode=0)
    cal.add_component(item)
    return cal.to_ical()

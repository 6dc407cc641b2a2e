"""Public pages: events, registration (one person or a group), order page, waiting list."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guild.events import selectors
from guild.events.badges import ical_invitation, render_badges
from guild.events.forms import RegistrationForm, WaitingListForm
from guild.events.models import Order, OrderStatus, TicketType, WaitingListEntry
from guild.events.services import (
    EventsError,
    order_place,
    waitlist_join,
)
from guild.events.services.waitlist import waitlist_offer_check


def event_list(request):
    events = selectors.public_events()
    return render(request, "events/list.html", {"events": events})


def _public_event(slug):
    event = selectors.public_events().filter(slug=slug).first()
    if event is None:
        raise Http404
    return event


def event_detail(request, slug):
    event = _public_event(slug)
    types = selectors.ticket_types_with_availability(event)
    return render(request, "events/detail.html", {"event": event, "ticket_types": types})


def event_ics(request, slug):
    event = _public_event(slug)
    response = HttpResponse(
        ical_invitation(event, method="PUBLISH"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def _quantity(request, ticket_type) -> int:
    try:
        quantity = int(request.GET.get("quantity") or request.POST.get("quantity") or 1)
    except ValueError:
        quantity = 1
    return max(1, min(quantity, ticket_type.max_per_order, 20))


@require_http_methods(["GET", "POST"])
def register(request, slug, type_id, waiting_entry=None):
    event = _public_event(slug)
    ticket_type = get_object_or_404(TicketType, pk=type_id, event=event)
    quantity = 1 if waiting_entry else _quantity(request, ticket_type)
    form = RegistrationForm(
        request.POST or None,
        event=event,
        ticket_type=ticket_type,
        quantity=quantity,
        questions=event.questions.all(),
        user=request.user,
        with_voucher=waiting_entry is None,
        initial={"voucher": request.GET.get("code", "")},
    )
    if request.method == "POST" and form.is_valid():
        attendees = form.attendees()
        try:
            order = order_place(
                actor=request.user,
                event=event,
                attendees=attendees,
                buyer_name=f"{attendees[0].first_name} {attendees[0].last_name}",
                buyer_email=attendees[0].email,
                voucher_code=form.cleaned_data.get("voucher", ""),
                waiting_entry=waiting_entry,
                language=translation.get_language() or "fr",
            )
        except EventsError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("events:order", order.code, order.secret)
    left = selectors.ticket_types_with_availability(event, public_only=False)
    sold_out = any(t.pk == ticket_type.pk and t.left == 0 for t in left) and not waiting_entry
    return render(
        request,
        "events/register.html",
        {
            "event": event,
            "ticket_type": ticket_type,
            "form": form,
            "quantity": quantity,
            "sold_out": sold_out,
            "waiting_form": WaitingListForm() if sold_out else None,
            "waiting_entry": waiting_entry,
        },
    )


def _order(code, secret) -> Order:
    order = get_object_or_404(Order.objects.select_related("event"), code=code)
    if not constant_time_compare(order.secret, secret):
        raise Http404
    return order


def order_detail(request, code, secret):
    order = _order(code, secret)
    registrations = order.registrations.select_related("ticket_type")
    return render(request, "events/order.html", {"order": order, "registrations": registrations})


def order_badges(request, code, secret):
    order = _order(code, secret)
    if order.status != OrderStatus.CONFIRMED:
        raise Http404
    registrations = order.registrations.filter(status=OrderStatus.CONFIRMED).select_related(
        "ticket_type", "order"
    )
    pdf = render_badges(list(registrations), order.event, layout="a6")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badges-{order.code}.pdf"'
    return response


@require_http_methods(["POST"])
def waiting_list_join(request, slug, type_id):
    event = _public_event(slug)
    ticket_type = get_object_or_404(TicketType, pk=type_id, event=event)
    form = WaitingListForm(request.POST)
    if form.is_valid():
        try:
            waitlist_join(
                actor=request.user,
                event=event,
                ticket_type=ticket_type,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                language=translation.get_language() or "fr",
            )
        except EventsError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("You are on the waiting list. We will e-mail you as soon as a place frees up."),
            )
    else:
        messages.error(request, _("Give your name and a valid e-mail address."))
    return redirect("events:detail", event.slug)


def waiting_offer(request, entry_id, secret):
    entry = get_object_or_404(
        WaitingListEntry.objects.select_related("event", "ticket_type"), pk=entry_id
    )
    if not constant_time_compare(entry.offer_secret, secret):
        raise Http404
    try:
        waitlist_offer_check(entry)
    except EventsError as exc:
        return render(
            request,
            "events/offer_expired.html",
            {"entry": entry, "message": exc.message},
            status=410,
        )
    return register(request, entry.event.slug, entry.ticket_type_id, waiting_entry=entry)

"""Back-office screens for staff: events and editions, attendees, vouchers and invitation
codes, badge batches, the on-site desk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.events import selectors
from guild.events.badges import LAYOUTS, render_badges
from guild.events.forms import DeskForm, EventForm, InvitationsForm, VoucherForm
from guild.events.models import Event, EventStatus, Registration, TicketType
from guild.events.models.event import EVENT_TRANSITIONS
from guild.events.services import (
    Attendee,
    EventsError,
    checkin_redeem,
    event_clone_edition,
    event_create,
    event_transition,
    invitation_codes_generate,
    order_mark_paid,
    order_place,
    registration_badge_reissue,
    registration_cancel,
    voucher_create,
)

manage = permission_required("events.manage_events", raise_exception=True)


@login_required
@manage
def event_list(request):
    return render(request, "events/manage/list.html", {"events": selectors.events_for_staff()})


@login_required
@manage
def event_new(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            event = event_create(actor=request.user, **data)
        except EventsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Event created as a draft."))
            return redirect("events:manage_detail", event.pk)
    return render(request, "events/manage/form.html", {"form": form})


@login_required
@manage
def event_detail(request, pk):
    event = get_object_or_404(Event.objects.select_related("series"), pk=pk)
    types = selectors.ticket_types_with_availability(event, public_only=False)
    stats = selectors.event_statistics(event)
    lists = [(cl, selectors.checkin_counters(cl)) for cl in event.checkin_lists.all()]
    transitions = [EventStatus(s) for s in sorted(EVENT_TRANSITIONS[event.status])]
    return render(
        request,
        "events/manage/detail.html",
        {
            "event": event,
            "ticket_types": types,
            "stats": stats,
            "lists": lists,
            "transitions": transitions,
            "quotas": event.quotas.all(),
        },
    )


@login_required
@manage
@require_POST
def event_status(request, pk):
    event = get_object_or_404(Event, pk=pk)
    try:
        event_transition(actor=request.user, event=event, to=request.POST.get("to", ""))
    except (EventsError, KeyError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", _("This change is not allowed.")))
    else:
        messages.success(request, _("Status changed."))
    return redirect("events:manage_detail", event.pk)


@login_required
@manage
@require_POST
def event_clone(request, pk):
    source = get_object_or_404(Event, pk=pk)
    event = event_clone_edition(actor=request.user, source=source)
    messages.success(
        request,
        _(
            "New edition created from %(name)s, every date one year "
            "later. Check it, then publish it."
        )
        % {"name": source.name},
    )
    return redirect("events:manage_detail", event.pk)


@login_required
@manage
def attendees(request, pk):
    event = get_object_or_404(Event, pk=pk)
    queryset = selectors.registrations_for_event(
        event, search=request.GET.get("q", ""), status=request.GET.get("status", "")
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "events/manage/attendees.html",
        {"event": event, "page": page, "q": request.GET.get("q", "")},
    )


@login_required
@manage
@require_POST
def registration_action(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("order"), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "cancel":
            registration_cancel(actor=request.user, registration=registration, by_staff=True)
            messages.success(request, _("Registration cancelled."))
        elif action == "reissue":
            registration_badge_reissue(actor=request.user, registration=registration)
            messages.success(request, _("A new badge was sent; the old one no longer works."))
        elif action == "paid":
            order_mark_paid(
                actor=request.user,
                order=registration.order,
                reference=request.POST.get("reference", ""),
            )
            messages.success(request, _("Order marked paid and confirmed."))
    except EventsError as exc:
        messages.error(request, exc.message)
    return redirect("events:manage_attendees", registration.event_id)


@login_required
@manage
def badges_batch(request, pk):
    event = get_object_or_404(Event, pk=pk)
    layout = request.GET.get("layout", "a4")
    layout = layout if layout in LAYOUTS else "a4"
    ticket_type = None
    if request.GET.get("ticket_type"):
        ticket_type = get_object_or_404(TicketType, pk=request.GET["ticket_type"], event=event)
    registrations = list(selectors.badges_for_print(event, ticket_type=ticket_type))
    pdf = render_badges(registrations, event, layout=layout)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="badges-{event.slug}-{layout}.pdf"'
    return response


@login_required
@permission_required("events.desk", raise_exception=True)
def desk(request, pk):
    """Walk-in: one form, one click registers, checks in and opens the badge to print."""
    event = get_object_or_404(Event, pk=pk)
    form = DeskForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = order_place(
                actor=request.user,
                event=event,
                source="desk",
                buyer_name=f"{data['first_name']} {data['last_name']}",
                buyer_email=data["email"],
                attendees=[
                    Attendee(
                        ticket_type_id=data["ticket_type"].pk,
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        email=data["email"],
                        company=data["company"],
                    )
                ],
            )
        except EventsError as exc:
            form.add_error(None, exc.message)
        else:
            registration = order.registrations.get()
            if order.status != "confirmed":
                order_mark_paid(actor=request.user, order=order, reference=_("paid at the desk"))
            first_list = event.checkin_lists.order_by("pk").first()
            if data.get("check_in") and first_list is not None:
                import uuid

                checkin_redeem(
                    actor=request.user,
                    token=registration.token,
                    list_id=first_list.pk,
                    nonce=str(uuid.uuid4()),
                    gate=_("Desk"),
                )
            messages.success(
                request,
                _("%(name)s is registered. Print the badge.") % {"name": registration.full_name},
            )
            return redirect(f"{request.path}?printed={registration.pk}")
    printed = None
    if request.GET.get("printed"):
        printed = Registration.objects.filter(pk=request.GET["printed"], event=event).first()
    return render(
        request, "events/manage/desk.html", {"event": event, "form": form, "printed": printed}
    )


@login_required
@permission_required("events.desk", raise_exception=True)
def desk_badge(request, pk, registration_id):
    registration = get_object_or_404(
        Registration.objects.select_related("ticket_type", "order", "event"),
        pk=registration_id,
        event_id=pk,
    )
    pdf = render_badges([registration], registration.event, layout="a6")
    return HttpResponse(pdf, content_type="application/pdf")


@login_required
@manage
def referrals(request, pk):
    event = get_object_or_404(Event, pk=pk)
    invitations = InvitationsForm(request.POST or None, event=event, prefix="inv")
    voucher_form = VoucherForm(prefix="v")
    if request.method == "POST" and invitations.is_valid():
        data = invitations.cleaned_data
        count = invitation_codes_generate(
            actor=request.user,
            event=event,
            ticket_type=data["ticket_type"],
            kind=data["kind"],
            value=data["value"] or 0,
            max_uses=data["max_uses"],
        )
        messages.success(request, _("%(n)s invitation codes created.") % {"n": count})
        return redirect("events:manage_referrals", event.pk)
    return render(
        request,
        "events/manage/referrals.html",
        {
            "event": event,
            "board": selectors.referral_board(event),
            "form": invitations,
            "voucher_form": voucher_form,
            "tiers": event.reward_tiers.all(),
            "vouchers": event.vouchers.filter(organisation=None, person=None, exhibitor=None),
        },
    )


@login_required
@manage
@require_POST
def voucher_new(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = VoucherForm(request.POST, prefix="v")
    if form.is_valid():
        data = form.cleaned_data
        try:
            voucher = voucher_create(
                actor=request.user,
                event=event,
                code=data["code"],
                kind=data["kind"],
                value=data["value"] or 0,
                max_uses=data["max_uses"],
                label=data["label"],
            )
        except EventsError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Voucher %(code)s created.") % {"code": voucher.code})
    else:
        messages.error(request, _("Check the voucher fields."))
    return redirect("events:manage_referrals", event.pk)


@login_required
@manage
def ticket_type_edit(request, pk, type_id=None):
    from guild.events.forms import QuotaForm, TicketTypeForm
    from guild.events.services.editions import quota_create, ticket_type_save

    event = get_object_or_404(Event, pk=pk)
    ticket_type = get_object_or_404(TicketType, pk=type_id, event=event) if type_id else None
    form = TicketTypeForm(request.POST or None, instance=ticket_type, event=event)
    quota_form = QuotaForm(prefix="quota")
    if request.method == "POST" and "quota-name" in request.POST:
        quota_form = QuotaForm(request.POST, prefix="quota")
        if quota_form.is_valid():
            quota_create(actor=request.user, event=event, **quota_form.cleaned_data)
            messages.success(request, _("Quota created."))
            return redirect(request.path)
        form = TicketTypeForm(instance=ticket_type, event=event)
    elif request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "quotas"}
        try:
            saved = ticket_type_save(
                actor=request.user,
                event=event,
                ticket_type=ticket_type,
                data=data,
                quotas=list(form.cleaned_data["quotas"]),
            )
        except EventsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Ticket type %(name)s saved.") % {"name": saved.name})
            return redirect("events:manage_detail", event.pk)
    return render(
        request,
        "events/manage/ticket_type.html",
        {"event": event, "form": form, "quota_form": quota_form, "ticket_type": ticket_type},
    )

"""Co-working screens: resources and calendars, booking, my bookings, iCal feed, door
check-in, who is here today, plans and the space manager's subscriptions."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.core.qr import qr_svg_data_uri
from guild.core.shortcuts import get_posted_or_404
from guild.coworking import payments, selectors, services
from guild.coworking.forms import BookingForm, PresenceForm
from guild.coworking.ical import bookings_calendar
from guild.coworking.models import Booking, Plan, Resource, Space, SpaceSettings, Subscription


def index(request):
    return render(
        request,
        "coworking/index.html",
        {
            "spaces": selectors.spaces_with_resources(),
            "plans": Plan.objects.filter(active=True).select_related("space"),
        },
    )


def _first_day(request) -> date:
    raw = request.GET.get("date", "")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return timezone.localdate()


def resource_detail(request, pk: int):
    resource = get_object_or_404(Resource.objects.select_related("space"), pk=pk, active=True)
    view = "day" if request.GET.get("view") == "day" else "week"
    first = _first_day(request)
    if view == "week":
        first -= timedelta(days=first.weekday())
    days = selectors.calendar(resource, first, 1 if view == "day" else 7)
    form = BookingForm(
        request.POST or None,
        resource=resource,
        initial={"day": request.GET.get("date") or timezone.localdate()},
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form.is_valid():
            try:
                created = services.booking_create(
                    actor=request.user,
                    resource=resource,
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    quantity=form.cleaned_data.get("quantity") or 1,
                    repeat_weeks=form.cleaned_data["repeat_weeks"],
                )
            except services.BookingError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Booking confirmed (%(n)d).") % {"n": len(created)})
                return redirect("coworking:my_bookings")
    step = 1 if view == "day" else 7
    return render(
        request,
        "coworking/resource.html",
        {
            "resource": resource,
            "days": days,
            "view": view,
            "form": form,
            "previous": first - timedelta(days=step),
            "next": first + timedelta(days=step),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_bookings(request):
    prefs = services.settings_for(request.user)
    form = PresenceForm(request.POST or None, initial={"show_presence": prefs.show_presence})
    if request.method == "POST" and form.is_valid():
        services.presence_set(actor=request.user, visible=form.cleaned_data["show_presence"])
        messages.success(request, _("Your preference is saved."))
        return redirect("coworking:my_bookings")
    return render(
        request,
        "coworking/my_bookings.html",
        {
            "upcoming": selectors.upcoming_bookings_of_user(request.user),
            "past": selectors.bookings_of_user(request.user).filter(end__lt=timezone.now())[:20],
            "subscriptions": selectors.subscriptions_of_user(request.user),
            "credits": selectors.credit_balances_of_user(request.user),
            "cards": selectors.desk_cards_of_user(request.user),
            "ical_url": request.build_absolute_uri(
                reverse("coworking:ical", args=[prefs.ical_token])
            ),
            "form": form,
        },
    )


@login_required
@require_POST
def booking_cancel(request, pk: int):
    booking = get_object_or_404(Booking, pk=pk)
    if not request.user.has_perm("coworking.change_booking", booking):
        raise PermissionDenied
    try:
        services.booking_cancel(actor=request.user, booking=booking)
    except services.BookingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Booking cancelled."))
    return redirect(request.POST.get("next") or "coworking:my_bookings")


def ical(request, token: str):
    prefs = get_object_or_404(SpaceSettings.objects.select_related("user"), ical_token=token)
    body = bookings_calendar(selectors.bookings_of_user(prefs.user)[:500])
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def door(request, token: str):
    """The page the QR code at the door opens (or a tablet at the desk)."""
    space = get_object_or_404(Space, door_token=token)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if request.method == "POST":
        booking = get_posted_or_404(
            Booking, request.POST.get("booking"), user=request.user, resource__space=space
        )
        try:
            services.booking_check_in(actor=request.user, booking=booking)
        except services.BookingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Welcome! You are checked in."))
        return redirect(request.path)
    return render(
        request,
        "coworking/door.html",
        {"space": space, "bookings": selectors.bookings_today_for(request.user, space)},
    )


@login_required
def who_is_here(request):
    if not services.is_member(request.user) and not request.user.has_perm("coworking.manage_space"):
        raise PermissionDenied
    return render(request, "coworking/today.html", {"people": selectors.who_is_here()})


@login_required
@require_POST
def plan_subscribe(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk, active=True)
    try:
        services.subscription_request(actor=request.user, plan=plan)
    except services.BookingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Request recorded: the plan starts once payment is received."))
    return redirect("coworking:my_bookings")


@login_required
def manage(request):
    if not request.user.has_perm("coworking.manage_space"):
        raise PermissionDenied
    if request.method == "POST":
        subscription = get_posted_or_404(Subscription, request.POST.get("subscription"))
        try:
            payments.subscription_mark_paid(actor=request.user, subscription=subscription)
        except services.BookingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Subscription activated."))
        return redirect("coworking:manage")
    today = timezone.localdate()
    spaces = [
        (
            space,
            qr_svg_data_uri(
                request.build_absolute_uri(reverse("coworking:door", args=[space.door_token]))
            ),
        )
        for space in Space.objects.all()
    ]
    return render(
        request,
        "coworking/manage.html",
        {
            "spaces": spaces,
            "awaiting": selectors.subscriptions_awaiting(),
            "today": Booking.objects.filter(start__date=today)
            .select_related("resource", "user")
            .order_by("start"),
        },
    )

"""The attendee's space: my registrations (see, cancel, transfer, badge, calendar) and, for
members, my invitation codes with the registrations they brought."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.events import selectors
from guild.events.badges import ical_invitation, render_badges
from guild.events.forms import AttendeeChangeForm
from guild.events.models import OrderStatus, Registration
from guild.events.services import (
    EventsError,
    registration_cancel,
    registration_change_attendee,
)


def _registration(request, pk) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("event", "ticket_type", "order"), pk=pk
    )
    if not request.user.has_perm("events.change_registration", registration):
        raise PermissionDenied
    return registration


@login_required
def mine(request):
    registrations = selectors.registrations_of_user(request.user)
    codes = selectors.invitation_codes_of_user(request.user)
    base = settings.SITE_URL.rstrip("/")
    for code in codes:
        code.link = base + reverse("events:detail", args=[code.event.slug]) + f"?code={code.code}"
    return render(request, "events/mine.html", {"registrations": registrations, "codes": codes})


@login_required
@require_POST
def cancel(request, pk):
    registration = _registration(request, pk)
    try:
        registration_cancel(actor=request.user, registration=registration)
    except EventsError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Your registration is cancelled; your place goes to someone else.")
        )
    return redirect("events:mine")


@login_required
def change(request, pk):
    registration = _registration(request, pk)
    form = AttendeeChangeForm(
        request.POST or None,
        initial={
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "email": registration.email,
            "company": registration.company,
            "job_title": registration.job_title,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration_change_attendee(
                actor=request.user, registration=registration, **form.cleaned_data
            )
        except EventsError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Done: a new badge was sent to %(email)s; the old one no longer works.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("events:mine")
    return render(request, "events/change.html", {"registration": registration, "form": form})


@login_required
def badge(request, pk):
    registration = _registration(request, pk)
    if registration.status != OrderStatus.CONFIRMED:
        raise Http404
    pdf = render_badges([registration], registration.event, layout="a6")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{registration.pk}.pdf"'
    return response


@login_required
def calendar(request, pk):
    registration = _registration(request, pk)
    response = HttpResponse(
        ical_invitation(registration.event, registration, method="PUBLISH"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response

"""The member space: my membership, renewal, my organisation's seats, invoices, certificates
and profile (with what the member list may show)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.billing.selectors import invoices_of_user
from guild.members import services
from guild.members.constants import MembershipStatus
from guild.members.documents import certificate_pdf
from guild.members.forms import OrganisationProfileForm, PersonProfileForm, SeatInviteForm
from guild.members.models import Membership, Seat, SeatInvitation
from guild.members.selectors import member_since, memberships_of_user


def _my_memberships(user):
    return memberships_of_user(user).select_related(
        "category", "organisation", "organisation__naf", "person", "contact"
    )


@login_required
def my_membership(request):
    services.person_link_user(user=request.user)
    rows = []
    for membership in _my_memberships(request.user):
        manager = request.user.has_perm("members.manage_seats", membership)
        rows.append(
            {
                "membership": membership,
                "since": member_since(membership),
                "manager": manager,
                "renewal_open": manager and services.renewal_open(membership),
                "renewal_year": services.renewal_year(membership),
            }
        )
    return render(
        request,
        "members/space/overview.html",
        {
            "rows": rows,
            "invoices": invoices_of_user(request.user),
            "has_person": getattr(request.user, "person", None) is not None,
            "section": "overview",
        },
    )


def _managed(request, pk: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("category", "organisation"), pk=pk
    )
    if not request.user.has_perm("members.manage_seats", membership):
        raise PermissionDenied
    return membership


@login_required
@require_POST
def renew(request, pk: int):
    membership = _managed(request, pk)
    try:
        invoice = services.membership_renew(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your renewal invoice %(number)s is ready: download it below and pay it.")
            % {"number": invoice.number},
        )
    return redirect("members:my_membership")


@login_required
def seats(request, pk: int):
    membership = _managed(request, pk)
    if membership.organisation_id is None:
        raise PermissionDenied
    form = SeatInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.seat_invite(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("members:seats", pk=pk)
    taken = list(
        Seat.objects.filter(membership=membership, removed_at__isnull=True)
        .select_related("person")
        .order_by("role", "person__last_name")
    )
    pending = list(
        SeatInvitation.objects.filter(
            membership=membership, accepted_at__isnull=True, revoked_at__isnull=True
        )
    )
    allowed = services.seats_allowed(membership)
    return render(
        request,
        "members/space/seats.html",
        {
            "membership": membership,
            "seats": taken,
            "pending": pending,
            "allowed": allowed,
            "free": max(allowed - len(taken) - len(pending), 0),
            "managers": sum(1 for seat in taken if seat.role == Seat.Role.MANAGER),
            "form": form,
            "section": "seats",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def seat_remove(request, pk: int, seat_id: int):
    membership = _managed(request, pk)
    seat = get_object_or_404(
        Seat.objects.select_related("person"),
        pk=seat_id,
        membership=membership,
        removed_at__isnull=True,
    )
    try:
        services.seat_remove(actor=request.user, seat=seat)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s no longer holds a seat.") % {"name": seat.person.full_name}
        )
    return redirect("members:seats", pk=pk)


@login_required
@require_POST
def invitation_revoke(request, pk: int, invitation_id: int):
    membership = _managed(request, pk)
    invite = get_object_or_404(SeatInvitation, pk=invitation_id, membership=membership)
    try:
        services.seat_invitation_revoke(actor=request.user, invitation=invite)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation was withdrawn."))
    return redirect("members:seats", pk=pk)


def _managed_organisation_membership(user):
    for membership in _my_memberships(user):
        if membership.organisation_id and user.has_perm("members.manage_seats", membership):
            return membership
    return None


@login_required
def profile(request):
    person = services.person_link_user(user=request.user)
    if person is None:
        return render(request, "members/space/no_record.html", {"section": "profile"})
    managed = _managed_organisation_membership(request.user)
    org = managed.organisation if managed else None
    which = request.POST.get("form") if request.method == "POST" else None
    person_form = PersonProfileForm(
        request.POST if which == "person" else None,
        initial={f: getattr(person, f) for f in services.PERSON_FIELDS},
        prefix="person",
    )
    org_form = None
    if org is not None:
        initial = {f: getattr(org, f) for f in services.ORGANISATION_FIELDS if f != "naf"}
        initial["naf_code"] = org.naf.code if org.naf_id else ""
        initial["directory_listed"] = org.directory_listed
        initial.update(
            {
                f"vis_{f}": services.directory_visibility_of(org, f)
                for f in services.DIRECTORY_FIELDS
            }
        )
        org_form = OrganisationProfileForm(
            request.POST if which == "organisation" else None,
            request.FILES if which == "organisation" else None,
            initial=initial,
            prefix="org",
        )
    if which == "person" and person_form.is_valid():
        try:
            services.person_profile_update(
                actor=request.user, person=person, data=person_form.cleaned_data
            )
        except ValidationError as error:
            person_form.add_error(None, error)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("members:profile")
    if which == "organisation" and org_form is not None and org_form.is_valid():
        data = dict(org_form.cleaned_data)
        data["naf"] = data.pop("naf_code")
        visibility = {f: data.pop(f"vis_{f}") for f in services.DIRECTORY_FIELDS}
        logo = data.pop("logo") or None
        try:
            services.organisation_profile_update(
                actor=request.user,
                membership=managed,
                data=data,
                logo=logo,
                visibility=visibility,
            )
        except ValidationError as error:
            org_form.add_error(None, error)
        else:
            messages.success(request, _("Your organisation's details are saved."))
            return redirect("members:profile")
    return render(
        request,
        "members/space/profile.html",
        {
            "person": person,
            "person_form": person_form,
            "org": org,
            "org_form": org_form,
            "section": "profile",
        },
        status=400 if which else 200,
    )


@login_required
def certificate(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("category"), pk=pk)
    if not request.user.has_perm("members.view_membership", membership):
        raise PermissionDenied
    if membership.status != MembershipStatus.ACTIVE:
        messages.error(request, _("A certificate is only issued for an active membership."))
        return redirect("members:my_membership")
    pdf = certificate_pdf(membership, language=get_language() or "fr")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{membership.pk}.pdf"'
    return response

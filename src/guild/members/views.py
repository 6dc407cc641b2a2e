from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guild.billing.selectors import invoices_of_user
from guild.members.constants import MembershipStatus
from guild.members.documents import certificate_pdf
from guild.members.forms import CONSENT_WORDING, ApplicationForm
from guild.members.models import Membership, Organisation, Person
from guild.members.selectors import memberships_of_user
from guild.members.services import membership_apply, membership_approve


def apply(request):
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                membership = _apply(request, data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["members_applied"] = membership.pk
            return redirect("members:apply_done")
    return render(request, "members/apply.html", {"form": form})


def _apply(request, data):
    category = data["category"]
    person = Person.objects.filter(email__iexact=data["email"]).first()
    if person is None:
        person = Person.objects.create(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            city=data.get("city", ""),
        )
    user = request.user
    if (
        user.is_authenticated
        and person.user_id is None
        and not hasattr(user, "person")
        and user.email.lower() == person.email.lower()
    ):
        person.user = user
        person.save(update_fields=["user"])
    consent = {"wording": str(CONSENT_WORDING), "at": timezone.now().isoformat()}
    organisation = None
    if category.holder == category.Holder.ORGANISATION:
        organisation = Organisation.objects.filter(siren=data["siren"]).first()
        if organisation is None:
            organisation = Organisation.objects.create(
                legal_name=data["legal_name"],
                siren=data["siren"],
                email=data["email"],
                city=data.get("city", ""),
                headcount_band=data.get("headcount_band") or "NN",
            )
        person.organisation = organisation
        person.save(update_fields=["organisation"])
    actor = request.user if request.user.is_authenticated else None
    return membership_apply(
        actor=actor,
        category=category,
        organisation=organisation,
        person=None if organisation else person,
        contact=person,
        application_data={"consent": consent},
    )


def apply_done(request):
    return render(request, "members/apply_done.html")


@login_required
def my_membership(request):
    memberships = memberships_of_user(request.user).select_related(
        "category", "organisation", "person"
    )
    return render(
        request,
        "members/my_membership.html",
        {
            "memberships": memberships,
            "invoices": invoices_of_user(request.user),
        },
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


@login_required
def applications(request):
    if not request.user.has_perm("members.manage_members"):
        raise PermissionDenied
    pending = Membership.objects.filter(status=MembershipStatus.APPLIED).select_related(
        "category", "organisation", "person"
    )
    return render(request, "members/manage/applications.html", {"memberships": pending})


@login_required
def approve(request, pk):
    if not request.user.has_perm("members.manage_members") or request.method != "POST":
        raise PermissionDenied
    membership = get_object_or_404(Membership.objects.all(), pk=pk)
    try:
        membership_approve(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Application approved; the dues invoice was issued."))
    return redirect("members:applications")


@login_required
def dues_call(request):
    if not request.user.has_perm("members.run_dues_call"):
        raise PermissionDenied
    from guild.members.dues_call import memberships_due
    from guild.members.tasks import dues_call_task

    year = timezone.localdate().year
    if request.method == "POST":
        year = int(request.POST.get("year") or year)
        dues_call_task.enqueue(actor_id=request.user.pk, year=year)
        messages.success(
            request, _("The dues call for %(year)s has been launched.") % {"year": year}
        )
        return redirect("members:dues_call")
    return render(
        request,
        "members/manage/dues_call.html",
        {"year": year, "due": memberships_due(year).count()},
    )

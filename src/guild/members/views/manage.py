"""Staff screens: applications to approve, the yearly dues call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.members.constants import MembershipStatus
from guild.members.models import Membership
from guild.members.services import membership_approve


@login_required
def applications(request):
    if not request.user.has_perm("members.manage_members"):
        raise PermissionDenied
    pending = Membership.objects.filter(status=MembershipStatus.APPLIED).select_related(
        "category", "organisation", "person", "contact"
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

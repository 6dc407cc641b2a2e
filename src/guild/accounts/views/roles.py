"""Back office: who holds which association role; grant and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.accounts import selectors, services
from guild.accounts.forms import RoleChangeForm, RoleSearchForm
from guild.accounts.models import Role

PERM = "accounts.manage_roles"


def _require(request) -> None:
    if not request.user.has_perm(PERM):
        raise PermissionDenied


@login_required
def roles(request):
    _require(request)
    search = RoleSearchForm(request.GET or None)
    q, role = "", ""
    if search.is_valid():
        q, role = search.cleaned_data["q"], search.cleaned_data["role"]
    users = selectors.users_with_roles(q=q, role=role)
    page = Paginator(users, 30).get_page(request.GET.get("page"))
    for person in page:
        held = {grant.role for grant in person.active_grants}
        person.grantable = [(code, label) for code, label in Role.choices if code not in held]
    return render(
        request,
        "accounts/manage/roles.html",
        {"page": page, "search": search, "q": q},
    )


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("accounts:roles")


@login_required
@require_POST
def role_change(request, action: str):
    _require(request)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a person and a role."))
        return _back(request)
    person, role = form.cleaned_data["user"], form.cleaned_data["role"]
    service = services.role_grant if action == "grant" else services.role_revoke
    try:
        service(actor=request.user, user=person, role=role)
    except services.AccountError as exc:
        messages.error(request, exc.message)
    else:
        values = {"user": person.display_name, "role": Role(role).label}
        if action == "grant":
            messages.success(request, _("%(user)s now holds the role “%(role)s”.") % values)
        else:
            messages.success(request, _("%(user)s no longer holds the role “%(role)s”.") % values)
    return _back(request)

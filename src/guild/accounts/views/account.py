"""The member's own account page: profile, API tokens, download and delete my data."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.accounts import services
from guild.accounts.forms import EraseForm, ProfileForm
from guild.accounts.language import set_language_cookie
from guild.accounts.models import User
from guild.api import selectors as api_selectors
from guild.api import services as api_services
from guild.api.forms import ApiTokenForm
from guild.api.models import ApiToken

NEW_TOKEN_SESSION_KEY = "guild.accounts.new_api_token"


def _render_home(request, *, profile_form=None, token_form=None, status=200):
    user = request.user
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    context = {
        "profile_form": profile_form or ProfileForm(instance=user),
        "token_form": token_form or ApiTokenForm(user=user),
        "tokens": api_selectors.tokens_for(user),
        "new_token": new_token,
        "emails": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
        "mfa_types": set(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
        "roles": sorted(
            str(g.get_role_display()) for g in user.role_grants.filter(revoked_at__isnull=True)
        ),
    }
    return render(request, "accounts/home.html", context, status=status)


@login_required
def home(request):
    return _render_home(request)


@login_required
@require_POST
def profile_update(request):
    # Bind a copy: a ModelForm writes into its instance, and the service does the saving.
    form = ProfileForm(request.POST, instance=User.objects.get(pk=request.user.pk))
    if not form.is_valid():
        return _render_home(request, profile_form=form, status=400)
    services.user_update_profile(
        actor=request.user,
        user=request.user,
        data={field: form.cleaned_data[field] for field in services.PROFILE_FIELDS},
    )
    response = redirect("accounts:home")
    set_language_cookie(response, request.user.language)
    messages.success(request, _("Your profile has been saved."))
    return response


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            _token, raw = api_services.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at,
            )
        except api_services.TokenError as exc:
            form.add_error(None, exc)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = raw
            return redirect(reverse("accounts:home") + "#api-tokens")
    return _render_home(request, token_form=form, status=400)


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("accounts:home")


@login_required
@require_POST
def data_export(request):
    filename, content = services.user_export_data(actor=request.user, user=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request):
    form = EraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_erase(actor=request.user, user=request.user)
        except services.AccountError as exc:
            form.add_error(None, exc)
        else:
            logout(request)
            messages.success(
                request, _("Your account has been deleted and your personal data erased.")
            )
            return redirect("core:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/delete.html", {"form": form}, status=status)

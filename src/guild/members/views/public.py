"""Public screens: the online application (with its live htmx helpers), the member list and
the page where an invited colleague accepts a seat."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from guild.core.money import format_eur, to_money, vat_split
from guild.members import selectors, services
from guild.members.forms import (
    CONSENT_WORDING,
    DIRECTORY_WORDING,
    NEWSLETTER_WORDING,
    ApplicationForm,
    ListFilterForm,
    open_categories,
)
from guild.members.identifiers import clean_siren
from guild.members.models import MembershipCategory, Organisation

# At most this many application attempts per IP address and window (seconds); a setting can
# override it (``MEMBERS_APPLY_RATE = (limit, seconds)``).
APPLY_RATE = (10, 3600)
LIST_PAGE_SIZE = 24


def _client_ip(request) -> str:
    """The client's address as allauth resolves it for its own rate limits (so the same
    ``ALLAUTH_TRUSTED_PROXY_COUNT`` / ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` apply behind a
    load balancer)."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import ImproperlyConfigured, PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request) or "unknown"
    except (ImproperlyConfigured, PermissionDenied, ValueError):  # malformed forwarding header
        return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate_exceeded(request) -> bool:
    limit, window = getattr(settings, "MEMBERS_APPLY_RATE", APPLY_RATE)
    key = f"members:apply:{_client_ip(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def _price_summary(category) -> str:
    language = get_language() or "fr"
    if category.dues_rule == category.DuesRule.HEADCOUNT:
        values = [to_money(v) for v in (category.dues_table or {}).values()]
        values.append(to_money(category.dues_amount))
        low, high = min(values), max(values)
        if low == high:
            return _("%(amount)s a year") % {"amount": format_eur(low, language)}
        return _("from %(low)s to %(high)s a year, by headcount") % {
            "low": format_eur(low, language),
            "high": format_eur(high, language),
        }
    if category.dues_rule == category.DuesRule.FREE:
        return _("amount of your choice, at least %(amount)s") % {
            "amount": format_eur(category.dues_amount, language)
        }
    return _("%(amount)s a year") % {"amount": format_eur(category.dues_amount, language)}


def _dues_context(category, headcount_band: str, amount) -> dict:
    if category is None:
        return {"category": None}
    try:
        net = services.dues_compute(category, headcount_band=headcount_band or "NN", amount=amount)
    except ValidationError as error:
        return {"category": category, "error": " ".join(error.messages)}
    split = vat_split(net, category.vat_rate)
    return {
        "category": category,
        "net": split.net,
        "vat": split.vat,
        "gross": split.gross,
        "needs_band": category.dues_rule == category.DuesRule.HEADCOUNT
        and (headcount_band or "NN") == "NN",
    }


def _find_duplicate(request, data) -> dict | None:
    """What already exists for this SIREN or e-mail and should be used instead."""
    found = services.application_duplicates(siren=data.get("siren", ""), email=data["email"])
    category = data["category"]
    if category.holder == MembershipCategory.Holder.ORGANISATION and found["org_membership"]:
        return {"kind": "organisation", **found}
    if category.holder == MembershipCategory.Holder.PERSON and found["person_membership"]:
        return {"kind": "person", **found}
    person = found["person"]
    if person is not None and person.user_id and person.user_id != request.user.pk:
        return {"kind": "account", **found}
    return None


def apply(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {
            "first_name": request.user.first_name,
            "last_name": request.user.last_name,
            "email": request.user.email,
        }
    form = ApplicationForm(request.POST if request.method == "POST" else None, initial=initial)
    duplicate = None
    status = 200
    if request.method == "POST":
        if _rate_exceeded(request):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many applications were sent from your connection. Please try again "
                    "in an hour, or write to us."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            duplicate = _find_duplicate(request, data)
            if duplicate is None:
                try:
                    membership = services.membership_apply_online(
                        actor=request.user,
                        category=data["category"],
                        person_data={
                            k: data.get(k, "")
                            for k in (
                                "first_name",
                                "last_name",
                                "email",
                                "phone",
                                "job_title",
                                "postal_code",
                                "city",
                            )
                        },
                        organisation_data={
                            "legal_name": data["legal_name"],
                            "siren": data["siren"],
                            "naf": data["naf_code"],
                            "headcount_band": data["headcount_band"],
                            "postal_code": data["postal_code"],
                            "city": data["city"],
                        },
                        dues_amount=data.get("dues_amount"),
                        consents={
                            "processing_wording": CONSENT_WORDING,
                            "directory": data["directory"],
                            "directory_wording": DIRECTORY_WORDING,
                            "newsletter": data["newsletter"],
                            "newsletter_wording": NEWSLETTER_WORDING,
                        },
                        language=get_language() or "fr",
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    request.session["members_applied"] = membership.pk
                    return redirect("members:apply_done")
    return render(
        request,
        "members/apply.html",
        {
            "form": form,
            "categories": [(c, _price_summary(c)) for c in open_categories()],
            "duplicate": duplicate,
            "dues": _dues_from_query(request.POST) if form.is_bound else {"category": None},
            "login_url": f"{reverse('account_login')}?next={reverse('members:apply')}",
        },
        status=status,
    )


def _dues_from_query(params) -> dict:
    category = open_categories().filter(pk=_int(params.get("category"))).first()
    return _dues_context(category, params.get("headcount_band", ""), params.get("dues_amount"))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_GET
def apply_dues(request):
    """htmx: the dues for the category, headcount and amount currently chosen."""
    return render(request, "members/includes/dues.html", {"dues": _dues_from_query(request.GET)})


@require_GET
def apply_siren(request):
    """htmx: checks the SIREN key as it is typed and says whether it is already a member."""
    raw = request.GET.get("siren", "").strip()
    context = {"raw": raw}
    digits = "".join(ch for ch in raw if ch.isdigit())
    if raw and len(digits) >= 9:
        try:
            siren = clean_siren(raw)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            found = services.application_duplicates(siren=siren)
            context.update(siren=siren, **found)
            context["login_url"] = (
                f"{reverse('account_login')}?next={reverse('members:my_membership')}"
            )
    return render(request, "members/includes/siren_check.html", context)


def apply_done(request):
    return render(request, "members/apply_done.html")


def member_list(request):
    """The public member list; active members see the contact person and more."""
    form = ListFilterForm(request.GET or None, facets=selectors.listed_facets())
    sector = departement = ""
    if form.is_valid():
        sector = form.cleaned_data["sector"]
        departement = form.cleaned_data["departement"]
    organisations = selectors.listed_organisations(naf_code=sector, departement=departement)
    page = Paginator(organisations, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    member_view = selectors.user_is_active_member(request.user) or request.user.has_perm(
        "members.manage_members"
    )
    cards = [_card(org, member_view) for org in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "page": page,
            "cards": cards,
            "member_view": member_view,
            "querystring": query.urlencode(),
            "filtered": bool(sector or departement),
        },
    )


def _card(org, member_view: bool) -> dict:
    def shown(field):
        level = services.directory_visibility_of(org, field)
        return level == "public" or (level == "members" and member_view)

    memberships = getattr(org, "active_memberships", [])
    contact = memberships[0].contact if memberships else None
    return {
        "org": org,
        "website": org.website if shown("website") else "",
        "description": org.description if shown("description") else "",
        "email": org.email if shown("email") else "",
        "phone": org.phone if shown("phone") else "",
        "contact": contact if contact is not None and shown("contact") else None,
    }


def organisation_logo(request, pk: int):
    """The logo of a listed organisation (served here so it works without a media server)."""
    org = get_object_or_404(Organisation.objects.filter(directory_listed=True), pk=pk)
    if not org.logo or not selectors.organisation_has_active_membership(org.pk):
        raise Http404
    try:
        handle = org.logo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def invitation(request, token: str):
    """An invited colleague opens the signed link: log in (or sign up), then accept."""
    try:
        invite = services.seat_invitation_from_token(token)
    except ValidationError as error:
        return render(
            request, "members/invitation.html", {"error": " ".join(error.messages)}, status=400
        )
    here = reverse("members:invitation", args=[token])
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.seat_invitation_accept(user=request.user, invitation=invite)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Welcome: you now hold a seat of %(org)s.")
                % {"org": invite.membership.organisation},
            )
            return redirect("members:my_membership")
    return render(
        request,
        "members/invitation.html",
        {
            "invitation": invite,
            "login_url": f"{reverse('account_login')}?next={here}",
            "signup_url": f"{reverse('account_signup')}?next={here}",
        },
    )

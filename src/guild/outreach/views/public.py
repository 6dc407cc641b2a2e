"""Public outreach screens: sign-up with double opt-in, confirmation, preference centre
(signed link, no login), one-click unsubscribe (RFC 8058), click and open tracking."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from guild.outreach import services, tokens
from guild.outreach.forms import SIGNUP_WORDING, PreferencesForm, SignupForm
from guild.outreach.models import CampaignSend, Contact, MailingList, Subscription

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def signup(request):
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signup_request(
                email=form.cleaned_data["email"],
                lists=list(form.cleaned_data["lists"]),
                first_name=form.cleaned_data["first_name"],
                wording=str(SIGNUP_WORDING),
                source=f"form:{request.path}",
                language=request.LANGUAGE_CODE or "fr",
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("outreach:signup_done")
    return render(request, "outreach/public/signup.html", {"form": form})


def signup_done(request):
    return render(request, "outreach/public/signup_done.html")


def confirm(request, token):
    if request.method != "POST":
        # A GET only shows a button: mail scanners following links must not subscribe anyone.
        try:
            tokens.read_confirm_token(token)
        except signing.BadSignature:
            return render(request, "outreach/public/bad_link.html", status=400)
        return render(request, "outreach/public/confirm.html", {"token": token})
    try:
        contact, lists = services.signup_confirm(token=token)
    except (signing.BadSignature, Contact.DoesNotExist):
        return render(request, "outreach/public/bad_link.html", status=400)
    return render(
        request,
        "outreach/public/confirmed.html",
        {"lists": lists, "prefs_token": tokens.prefs_token(contact.pk)},
    )


def preferences(request, token):
    try:
        contact = Contact.objects.get(pk=tokens.read_prefs_token(token), anonymised_at=None)
    except (signing.BadSignature, Contact.DoesNotExist):
        return render(request, "outreach/public/bad_link.html", status=400)
    active = MailingList.objects.filter(
        subscriptions__contact=contact, subscriptions__status=Subscription.Status.ACTIVE
    )
    form = PreferencesForm(request.POST or None, initial={"lists": list(active)})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["lists"])
        for mailing_list in form.fields["lists"].queryset:
            wanted = mailing_list in chosen
            if wanted != (mailing_list in active):
                services.subscription_set(
                    actor=None,
                    contact=contact,
                    mailing_list=mailing_list,
                    active=wanted,
                    source="preference-centre",
                    wording=_("Chosen in the preference centre."),
                )
        if request.POST.get("everything"):
            services.unsubscribe(
                contact=contact, mailing_list=None, everything=True, source="preference-centre"
            )
        messages.success(request, _("Your preferences have been saved."))
        return redirect("outreach:preferences", token=token)
    return render(request, "outreach/public/preferences.html", {"form": form, "contact": contact})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows a confirmation button (link scanners must not unsubscribe people); POST
    unsubscribes at once, without login nor CSRF token (RFC 8058 one-click)."""
    try:
        data = tokens.read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "outreach/public/bad_link.html", status=400)
    contact = Contact.objects.filter(pk=data.get("c")).first()
    mailing_list = MailingList.objects.filter(pk=data.get("l")).first()
    if request.method == "POST":
        send = CampaignSend.objects.filter(pk=data.get("s")).first() if data.get("s") else None
        services.unsubscribe(
            contact=contact,
            mailing_list=mailing_list,
            send=send,
            source="one-click" if "List-Unsubscribe" in request.POST else "unsubscribe-page",
        )
        return render(
            request,
            "outreach/public/unsubscribed.html",
            {
                "mailing_list": mailing_list,
                "prefs_token": tokens.prefs_token(contact.pk) if contact else "",
            },
        )
    return render(
        request, "outreach/public/unsubscribe.html", {"mailing_list": mailing_list, "token": token}
    )


def click(request, token):
    try:
        data = tokens.read_click_token(token)
    except signing.BadSignature:
        return HttpResponseBadRequest(_("This link is invalid."))
    CampaignSend.objects.filter(pk=data["s"], clicked_at=None).update(clicked_at=timezone.now())
    return HttpResponseRedirect(data["u"])


def open_pixel(request, token):
    try:
        send_id = tokens.read_open_token(token)
    except signing.BadSignature:
        send_id = None
    if send_id:
        send = get_object_or_404(CampaignSend.objects.select_related("campaign"), pk=send_id)
        if send.campaign.track_opens and send.opened_at is None:
            CampaignSend.objects.filter(pk=send.pk).update(opened_at=timezone.now())
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response

"""Calendar feeds (private per person, public), the activity report and the settings page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.commissions import ics, selectors, services
from guild.commissions.forms import SettingsForm
from guild.commissions.models import CalendarToken, Commission, CommissionSettings
from guild.commissions.views.commissions import _commission
from guild.commissions.views.common import apply_errors, refusals, require


@login_required
def calendar_page(request):
    token = services.calendar_token_get(user=request.user)
    url = request.build_absolute_uri(f"/commissions/calendar/{token.token}.ics")
    public_url = request.build_absolute_uri("/commissions/calendar/public.ics")
    return render(request, "commissions/calendar.html", {"feed_url": url, "public_url": public_url})


@login_required
@require_POST
def calendar_revoke(request):
    services.calendar_token_revoke(user=request.user)
    messages.success(request, _("A new address has been issued; the old one no longer works."))
    return redirect("commissions:calendar")


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def calendar_feed(request, token):
    feed = (
        CalendarToken.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if feed is None:
        raise Http404
    meetings = selectors.meetings_for(feed.user)
    return _ics_response(ics.feed(_("My commission meetings"), meetings), "commissions.ics")


def public_feed(request):
    return _ics_response(
        ics.feed(_("Public commission meetings"), selectors.public_meetings()),
        "commissions-publiques.ics",
    )


def _report_year(request) -> int:
    try:
        return int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        return timezone.localdate().year


def _pdf(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_commission(request, slug):
    commission = _commission(request, slug)
    require(request, "commissions.view_report", commission)
    year = _report_year(request)
    body = services.activity_report_pdf(
        year=year, commissions=Commission.objects.filter(pk=commission.pk)
    )
    return _pdf(body, f"rapport-activite-{commission.slug}-{year}.pdf")


@login_required
def report_all(request):
    require(request, "commissions.view_all")
    year = _report_year(request)
    body = services.activity_report_pdf(
        year=year, commissions=Commission.objects.filter(archived_at__isnull=True)
    )
    return _pdf(body, f"rapport-activite-commissions-{year}.pdf")


@login_required
@refusals
def settings_edit(request):
    require(request, "commissions.change_settings")
    form = SettingsForm(request.POST or None, instance=CommissionSettings.load())
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("commissions:settings")
    return render(
        request, "commissions/settings.html", {"form": form, "year": timezone.localdate().year}
    )

"""Door screens for check-in staff: choose a list, the phone-first scanner, name search,
live counters. The scanner posts to the JSON redeem endpoint (also in the API)."""

from __future__ import annotations

import json
import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guild.events import selectors
from guild.events.checkin_cache import get_list
from guild.events.models import CheckinList, OrderStatus, Scan
from guild.events.services import checkin_redeem


def _require(request):
    if not request.user.has_perm("events.checkin"):
        raise PermissionDenied


@login_required
def home(request):
    _require(request)
    lists = (
        CheckinList.objects.filter(event__status__in=selectors.PUBLIC)
        .select_related("event")
        .order_by("event__starts_at", "name")
    )
    return render(request, "events/checkin/home.html", {"lists": lists})


@login_required
def scanner(request, list_id):
    _require(request)
    checkin_list = get_object_or_404(CheckinList.objects.select_related("event"), pk=list_id)
    return render(
        request,
        "events/checkin/scanner.html",
        {"checkin_list": checkin_list, "counters": selectors.checkin_counters(checkin_list)},
    )


@login_required
def counters(request, list_id):
    _require(request)
    checkin_list = get_object_or_404(CheckinList, pk=list_id)
    return JsonResponse(selectors.checkin_counters(checkin_list))


@login_required
def search(request, list_id):
    _require(request)
    checkin_list = get_object_or_404(CheckinList.objects.select_related("event"), pk=list_id)
    query = request.GET.get("q", "").strip()
    results = []
    if len(query) >= 2:
        registrations = selectors.registrations_for_event(checkin_list.event, search=query).exclude(
            status=OrderStatus.CANCELLED
        )[:15]
        results = [
            {
                "name": r.full_name,
                "company": r.company,
                "ticket_type": r.ticket_type.name,
                "status": r.get_status_display(),
                "token": r.token,
            }
            for r in registrations
        ]
    return JsonResponse({"results": results})


def _parse_scanned_at(value):
    if not value:
        return timezone.now()
    parsed = parse_datetime(str(value))
    if parsed is None:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def redeem_payload(user, payload: dict, default_list: int | None = None):
    """Shared by the session endpoint and the API: validate the body, call the service."""
    token = str(payload.get("token", ""))[:200]
    nonce = str(payload.get("nonce") or uuid.uuid4())[:64]
    direction = payload.get("direction") or Scan.Direction.ENTRY
    list_id = payload.get("list", default_list)
    errors = {}
    if direction not in Scan.Direction.values:
        errors["direction"] = _("Choose entry or exit.")
    try:
        list_id = int(list_id)
    except (TypeError, ValueError):
        errors["list"] = _("Unknown check-in list.")
    scanned_at = _parse_scanned_at(payload.get("scanned_at"))
    if scanned_at is None:
        errors["scanned_at"] = _("Give the time of the scan as ISO 8601.")
    if not errors:
        try:
            get_list(list_id)  # cached: the hot path does not query it again
        except CheckinList.DoesNotExist:
            errors["list"] = _("Unknown check-in list.")
    if errors:
        return None, errors
    result = checkin_redeem(
        actor=user,
        token=token,
        list_id=list_id,
        nonce=nonce,
        direction=direction,
        scanned_at=scanned_at,
        gate=str(payload.get("gate", ""))[:40],
        offline=bool(payload.get("offline")),
    )
    return result, None


@login_required
@require_POST
def redeem(request, list_id):
    _require(request)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse(
            {"error": {"code": "bad_json", "message": _("Malformed request."), "details": {}}},
            status=400,
        )
    result, errors = redeem_payload(request.user, payload, default_list=list_id)
    if errors:
        return JsonResponse(
            {"error": {"code": "invalid", "message": _("Invalid scan."), "details": errors}},
            status=400,
        )
    return JsonResponse(result.as_dict())

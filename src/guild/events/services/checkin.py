"""Redeeming badges at the door: one function, a handful of indexed queries, idempotent per
nonce, safe under concurrent scans of the same badge (the registration row is locked)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from guild.events.checkin_cache import get_list
from guild.events.models import OrderStatus, Registration, Scan
from guild.events.tokens import parse_token

ENTRY, EXIT = Scan.Direction.ENTRY, Scan.Direction.EXIT

REASONS = {
    "invalid_token": gettext_noop("This is not a valid badge for this event."),
    "unknown": gettext_noop("Unknown badge."),
    "revoked": gettext_noop("This badge was replaced by a newer one."),
    "cancelled": gettext_noop("This registration was cancelled."),
    "unpaid": gettext_noop("This order is not paid."),
    "wrong_event": gettext_noop("This badge is for another event."),
    "wrong_list": gettext_noop("This ticket does not give access here."),
    "wrong_day": gettext_noop("This ticket is not valid today."),
    "already_in": gettext_noop("Already checked in."),
    "already_used": gettext_noop("This ticket admits one entry only and was already used."),
    "not_inside": gettext_noop("No entry recorded: cannot record an exit."),
    "nonce_conflict": gettext_noop("This scan identifier was already used for another badge."),
}


@dataclass
class RedeemResult:
    accepted: bool
    reason: str
    message: str = ""
    replayed: bool = False
    registration: Registration | None = None
    previous: Scan | None = None
    scan: Scan | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        reg = self.registration
        data = {
            "status": "ok" if self.accepted else "error",
            "reason": self.reason,
            "message": self.message,
            "replayed": self.replayed,
            "attendee": None,
            "previous": None,
        }
        if reg is not None and self.reason not in {"invalid_token", "unknown", "wrong_event"}:
            data["attendee"] = {
                "id": reg.pk,
                "name": reg.full_name,
                "company": reg.company,
                "ticket_type": reg.ticket_type.name,
                "colour": reg.ticket_type.colour,
            }
        if self.previous is not None:
            data["previous"] = {
                "direction": self.previous.direction,
                "at": self.previous.scanned_at.isoformat(),
                "gate": self.previous.gate,
            }
        return data


def _message(reason: str, previous: Scan | None = None) -> str:
    if previous is not None and reason in {"already_in", "already_used"}:
        values = {
            "at": formats.time_format(timezone.localtime(previous.scanned_at), "H:i"),
            "gate": previous.gate,
        }
        if reason == "already_in":
            if previous.gate:
                return _("Already checked in at %(at)s at %(gate)s.") % values
            return _("Already checked in at %(at)s.") % values
        if previous.gate:
            return _("One entry only: already used at %(at)s at %(gate)s.") % values
        return _("One entry only: already used at %(at)s.") % values
    return _(REASONS[reason])


def _refuse(reason, registration=None, previous=None) -> RedeemResult:
    return RedeemResult(
        False, reason, _message(reason, previous), registration=registration, previous=previous
    )


def checkin_redeem(
    *,
    actor,
    token: str,
    list_id: int,
    nonce: str,
    direction: str = ENTRY,
    scanned_at: datetime | None = None,
    gate: str = "",
    offline: bool = False,
) -> RedeemResult:
    """Check a badge in (or out). Refusals write nothing; a repeated nonce gets the answer of
    the scan it first recorded."""
    parsed = parse_token(token)
    if parsed is None:
        return _refuse("invalid_token")
    checkin_list, allowed_types = get_list(list_id)
    scanned_at = scanned_at or timezone.now()
    try:
        with transaction.atomic():
            outcome = _redeem_locked(
                actor,
                parsed,
                checkin_list,
                allowed_types,
                nonce,
                direction,
                scanned_at,
                gate,
                offline,
            )
    except IntegrityError:
        # the same nonce committed by a concurrent request between our check and insert
        existing = Scan.objects.select_related("registration__ticket_type").get(nonce=nonce)
        return _replay(existing, parsed.registration_id, list_id, existing.registration)
    return outcome


def _redeem_locked(
    actor, parsed, checkin_list, allowed_types, nonce, direction, scanned_at, gate, offline
) -> RedeemResult:
    lock = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("ticket_type")
        .only(
            "pk",
            "event_id",
            "status",
            "badge_key",
            "first_name",
            "last_name",
            "company",
            "ticket_type__name",
            "ticket_type__colour",
            "ticket_type__valid_days",
        )
    )
    registration = lock.filter(pk=parsed.registration_id).first()
    if registration is None:
        return _refuse("unknown")
    # One query, once the badge is locked (a concurrent copy of this scan has committed by
    # then): the scan carrying this nonce, if any, and this badge's scans on this list.
    scans = list(
        Scan.objects.filter(
            Q(nonce=nonce) | Q(registration_id=registration.pk, checkin_list_id=checkin_list.pk)
        ).order_by("-scanned_at", "-pk")
    )
    existing = next((scan for scan in scans if scan.nonce == nonce), None)
    if existing is not None:
        return _replay(existing, parsed.registration_id, checkin_list.pk, registration)
    if registration.event_id != checkin_list.event_id:
        return _refuse("wrong_event", registration)
    if registration.status == OrderStatus.CANCELLED:
        return _refuse("cancelled", registration)
    if registration.badge_key != parsed.badge_key:
        return _refuse("revoked", registration)
    if registration.status == OrderStatus.PENDING_PAYMENT and not checkin_list.include_pending:
        return _refuse("unpaid", registration)
    if allowed_types and registration.ticket_type_id not in allowed_types:
        return _refuse("wrong_list", registration)
    day = timezone.localtime(scanned_at).date()
    valid_days = registration.ticket_type.valid_days
    if (checkin_list.day and day != checkin_list.day) or (
        valid_days and day.isoformat() not in valid_days
    ):
        return _refuse("wrong_day", registration)
    last = scans[0] if scans else None
    if direction == EXIT:
        if last is None or last.direction == EXIT:
            return _refuse("not_inside", registration, last)
    elif last is not None:
        if last.direction == ENTRY:
            return _refuse("already_in", registration, last)
        if not checkin_list.multi_entry:
            return _refuse("already_used", registration, last)
    scan = Scan.objects.create(
        nonce=nonce,
        checkin_list_id=checkin_list.pk,
        registration_id=registration.pk,
        direction=direction,
        gate=gate[:40],
        scanned_at=scanned_at,
        offline=offline,
        user_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
    )
    return RedeemResult(
        True,
        "ok",
        _("Welcome!") if direction == ENTRY else _("Goodbye!"),
        registration=registration,
        previous=last,
        scan=scan,
    )


def _replay(existing: Scan, registration_id: int, list_id: int, registration) -> RedeemResult:
    if existing.registration_id != registration_id or existing.checkin_list_id != list_id:
        return _refuse("nonce_conflict")
    return RedeemResult(
        True,
        "ok",
        _("This scan was already recorded."),
        replayed=True,
        registration=registration,
        scan=existing,
    )

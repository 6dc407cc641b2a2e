"""Redeeming badges at the door: one function, one or two indexed statements, idempotent
per nonce, safe under concurrent scans of the same badge (unique constraints, no lock)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from guild.core import sql
from guild.events.checkin_cache import get_list
from guild.events.models import OrderStatus, Registration, Scan, TicketType
from guild.events.tokens import parse_token

ENTRY, EXIT = Scan.Direction.ENTRY, Scan.Direction.EXIT
logger = logging.getLogger(__name__)

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
    the scan it first recorded.

    Two indexed statements in autocommit, no lock: read the badge with its scans on this list
    (and the scan carrying this nonce), then ``INSERT … ON CONFLICT DO NOTHING`` the scan
    numbered after the last one read. The unique constraints (nonce; badge, list and number)
    decide between concurrent scans: the one that loses writes nothing, reads again and is
    answered from what the winner recorded.

    On PostgreSQL the morning's common case, a badge's first entry on a list open to every
    ticket type and to this day, is one statement: the read also writes the entry when the
    badge passes conditions each at least as strict as the rules (``_first_entry_sql``). The
    rules below still decide the answer from what that statement read; a scan they would
    refuse is never written by it, and any conflict leaves the case to the two statements."""
    parsed = parse_token(token)
    if parsed is None:
        return _refuse("invalid_token")
    checkin_list, allowed_types = get_list(list_id)
    scanned_at = scanned_at or timezone.now()
    user_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    values = {
        "nonce": nonce,
        "checkin_list_id": checkin_list.pk,
        "registration_id": parsed.registration_id,
        "direction": direction,
        "gate": gate[:40],
        "scanned_at": scanned_at,
        "offline": offline,
        "user_id": user_id,
    }
    day = timezone.localtime(scanned_at).date()
    conn = sql.db()
    # The plain case (a first entry, on a list open to every ticket type on this day) is
    # written by the same statement that reads the badge; anything else, or a conflict,
    # takes the read-then-insert path below.
    first = (
        conn.vendor == "postgresql"
        and direction == ENTRY
        and not allowed_types
        and (not checkin_list.day or checkin_list.day == day)
    )
    for _attempt in range(MAX_ATTEMPTS):
        candidate = Scan(**values, seq=1) if first else None
        registration, scans, written = _read(conn, parsed, checkin_list, nonce, day, candidate)
        first = False
        if registration is None:
            return _refuse("unknown")
        outcome = _decide(
            parsed, registration, scans, checkin_list, allowed_types, nonce, direction, day
        )
        if written is not None and (
            isinstance(outcome, RedeemResult) or outcome[0] != written.seq
        ):  # never: the statement's conditions are each at least as strict as _decide's
            _withdraw(written)
            written = None
        if isinstance(outcome, RedeemResult):
            return outcome
        seq, last = outcome
        scan = written if written is not None else sql.insert_or_skip(Scan(**values, seq=seq), conn)
        if scan is not None:
            return RedeemResult(
                True,
                "ok",
                _("Welcome!") if direction == ENTRY else _("Goodbye!"),
                registration=registration,
                previous=last,
                scan=scan,
            )
        # a concurrent scan took this nonce or this number first: read again and decide
    raise RuntimeError("check-in: too many concurrent scans of one badge")  # pragma: no cover


MAX_ATTEMPTS = 8


# What the door needs of a badge, its ticket type and its scans.
REGISTRATION_COLUMNS = sql.columns(
    Registration,
    {
        "id",
        "event_id",
        "status",
        "badge_key",
        "first_name",
        "last_name",
        "company",
        "ticket_type_id",
    },
)
TICKET_TYPE_COLUMNS = sql.columns(TicketType, {"id", "name", "colour", "valid_days"})
SCAN_READ_COLUMNS = sql.columns(
    Scan,
    {"id", "nonce", "checkin_list_id", "registration_id", "direction", "gate", "scanned_at", "seq"},
)


@lru_cache(maxsize=8)
def _read_sql(vendor: str, first_entry: bool = False) -> str:
    """The door's one read: the badge (primary key) with its ticket type, and its scans on
    the list plus the scan carrying the nonce, newest first.

    On PostgreSQL the scans are a ``LATERAL`` union of two index look-ups (nonce; badge and
    list), not one join on ``nonce = … OR (badge, list) = …``: a prepared statement keeps
    its generic plan for the life of the connection, and planned while the scan table is
    still empty (the show's first minutes) the ``OR`` form is a sequential scan, which then
    reads every scan of the day on each badge. The union's plan is the two index look-ups
    whatever the table's size.

    ``first_entry`` (PostgreSQL): the same read, preceded by the insert of the badge's first
    entry on the list, in the same statement (see ``_first_entry_sql``); the new scan's id
    is the last column of every row (``NULL`` when nothing was written)."""
    reg_id = sql.column("r", Registration, "id")
    selected = ", ".join(
        sql.select_list("r", Registration, REGISTRATION_COLUMNS)
        + sql.select_list("t", TicketType, TICKET_TYPE_COLUMNS)
        + sql.select_list("s", Scan, SCAN_READ_COLUMNS)
    )
    if first_entry:
        quote = connection.ops.quote_name
        selected += f", (SELECT {quote(Scan._meta.pk.column)} FROM written)"  # noqa: S608
    head = (
        f"SELECT {selected} FROM {sql.table(Registration)} r "  # noqa: S608 - names from the models, values bound
        f"INNER JOIN {sql.table(TicketType)} t ON {sql.column('t', TicketType, 'id')} = "
        f"{sql.column('r', Registration, 'ticket_type_id')} "
    )
    tail = (
        f"WHERE {reg_id} = %s "
        f"ORDER BY {sql.column('s', Scan, 'scanned_at')} DESC, {sql.column('s', Scan, 'id')} DESC"
    )
    if vendor == "postgresql":

        def scans(alias, condition):
            columns = ", ".join(sql.select_list(alias, Scan, SCAN_READ_COLUMNS))
            return f"SELECT {columns} FROM {sql.table(Scan)} {alias} WHERE {condition}"  # noqa: S608

        by_nonce = scans("x", f"{sql.column('x', Scan, 'nonce')} = %s")
        by_badge = scans(
            "y",
            f"{sql.column('y', Scan, 'registration_id')} = {reg_id} AND "
            f"{sql.column('y', Scan, 'checkin_list_id')} = %s AND "
            f"{sql.column('y', Scan, 'nonce')} <> %s",
        )
        read = f"{head}LEFT JOIN LATERAL ({by_nonce} UNION ALL {by_badge}) s ON true {tail}"  # noqa: S608 - names from the models, values bound
        return f"{_first_entry_sql()} {read}" if first_entry else read
    return (
        f"{head}LEFT JOIN {sql.table(Scan)} s ON ({sql.column('s', Scan, 'nonce')} = %s OR "  # noqa: S608 - names from the models, values bound
        f"({sql.column('s', Scan, 'registration_id')} = {reg_id} "
        f"AND {sql.column('s', Scan, 'checkin_list_id')} = %s)) {tail}"
    )


def _first_entry_sql() -> str:
    """``WITH written AS (INSERT … SELECT … WHERE … ON CONFLICT DO NOTHING RETURNING id)``:
    the badge's first entry on the list, written only in the plain case, whose conditions
    are each at least as strict as ``_decide``'s: the badge exists, is for the list's event,
    is confirmed (not cancelled, not awaiting payment), carries the token's key, its ticket
    type admits this day, and it has no scan on this list yet. The caller checks the rest
    (an entry, a list open to every ticket type and to this day) before asking for it.

    The statement's read sees the tables as they were before the insert (one snapshot), so
    ``_decide`` judges the same rows as on the two-statement path; a conflict (this nonce, or
    a concurrent first entry of the badge) writes nothing and leaves it to that path."""
    conn = sql.db()
    columns = sql.insert_columns(Scan)
    values = ", ".join(f"CAST(%s AS {f.db_type(conn)})" for f in sql.insert_fields(Scan))
    r, t, s = (
        sql.aliased("r0", Registration),
        sql.aliased("t0", TicketType),
        sql.aliased("s0", Scan),
    )

    # The badge by its primary key alone: ``OFFSET 0`` keeps the planner from merging the
    # other conditions into this look-up (a generic plan once preferred the event's index
    # and read every badge of the event).
    names = ", ".join(
        connection.ops.quote_name(Registration._meta.get_field(name).column)
        for name in ("id", "event_id", "status", "badge_key", "ticket_type_id")
    )
    badge = (
        f"SELECT {names} FROM {sql.table(Registration)} "  # noqa: S608 - names from the models, values bound
        f"WHERE {connection.ops.quote_name(Registration._meta.pk.column)} = %s OFFSET 0"
    )
    return (
        f"WITH written AS (INSERT INTO {sql.table(Scan)} ({columns}) SELECT {values} "  # noqa: S608 - names from the models, values bound
        f"FROM ({badge}) r0 INNER JOIN {sql.table(TicketType)} t0 "
        f"ON {t('id')} = {r('ticket_type_id')} "
        f"WHERE {r('event_id')} = %s AND {r('status')} = %s "
        f"AND {r('badge_key')} = %s AND ({t('valid_days')} = '[]'::jsonb "
        f"OR {t('valid_days')} @> jsonb_build_array(CAST(%s AS text))) "
        f"AND NOT EXISTS (SELECT 1 FROM {sql.table(Scan)} s0 WHERE {s('registration_id')} = %s "
        f"AND {s('checkin_list_id')} = %s) "
        f"ON CONFLICT DO NOTHING RETURNING {connection.ops.quote_name(Scan._meta.pk.column)})"
    )


def _read_params(vendor: str, registration_id: int, list_id: int, nonce: str) -> list:
    if vendor == "postgresql":
        return [nonce, list_id, nonce, registration_id]
    return [nonce, list_id, registration_id]


def _read(conn, parsed, checkin_list, nonce: str, day, candidate: Scan | None):
    """(registration with its ticket type, its scans newest first, the ``candidate`` scan if
    the statement wrote it) in one statement; ``(None, [], None)`` for an unknown badge."""
    params = _read_params(conn.vendor, parsed.registration_id, checkin_list.pk, nonce)
    if candidate is not None:
        params = [
            *sql.insert_params(candidate, conn),
            parsed.registration_id,
            checkin_list.event_id,
            OrderStatus.CONFIRMED.value,
            parsed.badge_key,
            day.isoformat(),
            parsed.registration_id,
            checkin_list.pk,
            *params,
        ]
    rows = sql.run(_read_sql(conn.vendor, candidate is not None), params, conn)
    if not rows:
        return None, [], None
    first = rows[0]
    n_reg, n_type = len(REGISTRATION_COLUMNS), len(TICKET_TYPE_COLUMNS)
    n_scan = n_reg + n_type
    registration = sql.instance(Registration, REGISTRATION_COLUMNS, first[:n_reg], conn)
    registration.ticket_type = sql.instance(
        TicketType, TICKET_TYPE_COLUMNS, first[n_reg:n_scan], conn
    )
    scans = [
        sql.instance(Scan, SCAN_READ_COLUMNS, row[n_scan : n_scan + len(SCAN_READ_COLUMNS)], conn)
        for row in rows
        if row[n_scan] is not None  # else the LEFT JOIN's empty side: no scan
    ]
    written = None
    if candidate is not None and first[-1] is not None:
        written = sql.saved(candidate, first[-1], conn)
    return registration, scans, written


def _decide(parsed, registration, scans, checkin_list, allowed_types, nonce, direction, day):
    """The answer to give (a ``RedeemResult``), or the number of the scan to record and the
    badge's last scan on this list."""
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
    return max((scan.seq for scan in scans), default=0) + 1, last


def _withdraw(scan: Scan) -> None:
    """Take back a scan the first-entry statement wrote although ``_decide`` refuses it. Its
    conditions are written to make this impossible; if they ever drift apart, the door still
    answers what ``_decide`` says and the scan does not stay recorded."""
    logger.error("check-in: first-entry statement wrote scan %s that the rules refuse", scan.pk)
    Scan.objects.filter(pk=scan.pk).delete()


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

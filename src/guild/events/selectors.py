"""Reads for the events app, already joined and prefetched."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncDate, TruncHour

from guild.core import sql
from guild.events.models import (
    CheckinList,
    Event,
    EventStatus,
    OrderStatus,
    Registration,
    Scan,
    TicketType,
    Voucher,
)

PUBLIC = [EventStatus.PUBLISHED, EventStatus.OPEN, EventStatus.CLOSED]


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status__in=PUBLIC).order_by("starts_at")


def events_for_staff() -> QuerySet[Event]:
    return (
        Event.objects.select_related("series")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=OrderStatus.CONFIRMED))
        )
        .order_by("-starts_at")
    )


def ticket_types_with_availability(event: Event, *, public_only: bool = True) -> list[TicketType]:
    """Ticket types with ``left`` set: places left in their tightest quota (None: no limit)."""
    queryset = TicketType.objects.filter(event=event).prefetch_related("quotas")
    if public_only:
        queryset = queryset.filter(is_public=True)
    types = list(queryset)
    for ticket_type in types:
        quotas = list(ticket_type.quotas.all())
        ticket_type.left = min((q.available for q in quotas), default=None)
    return types


def registrations_for_event(
    event: Event, *, search: str = "", ticket_type=None, status: str = ""
) -> QuerySet[Registration]:
    queryset = Registration.objects.filter(event=event).select_related("ticket_type", "order")
    if search:
        for word in search.split()[:4]:
            queryset = queryset.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(company__icontains=word)
                | Q(email__icontains=word)
                | Q(order__code__iexact=word)
            )
    if ticket_type:
        queryset = queryset.filter(ticket_type=ticket_type)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("last_name", "first_name", "pk")


def registrations_of_user(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(Q(order__user=user) | Q(email=user.email.lower()))
        .select_related("event", "ticket_type", "order")
        .order_by("-event__starts_at", "pk")
    )


def badges_for_print(event: Event, *, ticket_type=None) -> QuerySet[Registration]:
    queryset = Registration.objects.filter(
        event=event, status=OrderStatus.CONFIRMED
    ).select_related("ticket_type", "order")
    if ticket_type:
        queryset = queryset.filter(ticket_type=ticket_type)
    return queryset.order_by(
        "ticket_type__position", "ticket_type__name", "last_name", "first_name", "pk"
    )


def checkin_counters(checkin_list: CheckinList) -> dict:
    rows = (
        Scan.objects.filter(checkin_list=checkin_list).values("direction").annotate(n=Count("pk"))
    )
    counts = Counter({row["direction"]: row["n"] for row in rows})
    expected = Registration.objects.filter(
        event_id=checkin_list.event_id, status=OrderStatus.CONFIRMED
    )
    type_ids = list(checkin_list.ticket_types.values_list("pk", flat=True))
    if type_ids:
        expected = expected.filter(ticket_type_id__in=type_ids)
    checked = (
        Scan.objects.filter(checkin_list=checkin_list, direction=Scan.Direction.ENTRY)
        .values("registration_id")
        .distinct()
        .count()
    )
    return {
        "entries": counts[Scan.Direction.ENTRY],
        "exits": counts[Scan.Direction.EXIT],
        "inside": counts[Scan.Direction.ENTRY] - counts[Scan.Direction.EXIT],
        "checked_in": checked,
        "expected": expected.count(),
    }


def entries_per_hour(checkin_list: CheckinList) -> list[dict]:
    rows = (
        Scan.objects.filter(checkin_list=checkin_list, direction=Scan.Direction.ENTRY)
        .annotate(hour=TruncHour("scanned_at"))
        .values("hour", "gate")
        .annotate(n=Count("pk"))
        .order_by("hour", "gate")
    )
    return list(rows)


def referral_board(event: Event) -> list[Voucher]:
    """Invitation codes with the confirmed registrations each brought, best first, and the
    reward tiers reached."""
    vouchers = list(
        Voucher.objects.filter(event=event)
        .filter(
            Q(organisation__isnull=False) | Q(person__isnull=False) | Q(exhibitor__isnull=False)
        )
        .select_related("organisation", "person", "exhibitor")
        .annotate(
            brought=Count(
                "orders__registrations",
                filter=Q(orders__registrations__status=OrderStatus.CONFIRMED),
            )
        )
        .order_by("-brought", "code")
    )
    tiers = list(event.reward_tiers.all())
    for voucher in vouchers:
        voucher.rewards = [t for t in tiers if voucher.brought >= t.threshold]
    return vouchers


def invitation_codes_of_user(user) -> QuerySet[Voucher]:
    from guild.members.selectors import memberships_of_user

    person = getattr(user, "person", None)
    org_ids = [m.organisation_id for m in memberships_of_user(user) if m.organisation_id]
    condition = Q(organisation_id__in=org_ids)
    if person is not None:
        condition |= Q(person=person)
    return (
        Voucher.objects.filter(condition, event__status=EventStatus.OPEN)
        .select_related("event")
        .annotate(
            brought=Count(
                "orders__registrations",
                filter=Q(orders__registrations__status=OrderStatus.CONFIRMED),
            )
        )
    )


def event_statistics(event: Event) -> dict:
    regs = Registration.objects.filter(event=event)
    confirmed = regs.filter(status=OrderStatus.CONFIRMED)
    by_day = list(
        confirmed.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    by_type = list(confirmed.values("ticket_type__name").annotate(n=Count("pk")).order_by("-n"))
    answers = defaultdict(Counter)
    for row in confirmed.values_list("answers", flat=True).iterator(chunk_size=2000):
        for key in ("sector", "departement", "company_size"):
            value = (row or {}).get(key)
            if value:
                answers[key][str(value)] += 1
    checked = (
        Scan.objects.filter(registration__event=event, direction=Scan.Direction.ENTRY)
        .values("registration_id")
        .distinct()
        .count()
    )
    total = confirmed.count()
    first_scan = Scan.objects.filter(registration__event=event).aggregate(m=Min("scanned_at"))
    return {
        "total": total,
        "cancelled": regs.filter(status=OrderStatus.CANCELLED).count(),
        "pending": regs.filter(status=OrderStatus.PENDING_PAYMENT).count(),
        "by_day": by_day,
        "by_type": by_type,
        "by_sector": answers["sector"].most_common(10),
        "by_departement": answers["departement"].most_common(10),
        "by_company_size": answers["company_size"].most_common(10),
        "checked_in": checked,
        "checkin_rate": round(100 * checked / total, 1) if total else 0,
        "first_scan": first_scan["m"],
    }


def event_by_slug(slug: str):
    """The event with this slug, or ``None``: one prepared statement (registration hot path,
    ``events/hotpath.py``), the same instance the ORM would give."""
    rows = sql.run(_event_by_slug_sql(connection.vendor), [slug])
    return sql.instance(Event, EVENT_COLUMNS, rows[0]) if rows else None


EVENT_COLUMNS = sql.columns(Event, None)


@lru_cache(maxsize=4)
def _event_by_slug_sql(vendor: str) -> str:
    selected = ", ".join(sql.select_list("e", Event, EVENT_COLUMNS))
    return (
        f"SELECT {selected} FROM {sql.table(Event)} e "  # noqa: S608 - names from the model, values bound
        f"WHERE {sql.column('e', Event, 'slug')} = %s"
    )

"""Reads on co-working: resources, calendars, availability, presence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from guild.coworking.models import HOLDING, Booking, BookingStatus, Resource, Space, Subscription


def spaces_with_resources() -> QuerySet[Space]:
    return Space.objects.prefetch_related(
        Prefetch("resources", queryset=Resource.objects.filter(active=True)),
        "opening_hours",
    )


def resources() -> QuerySet[Resource]:
    return Resource.objects.filter(active=True).select_related("space")


def bookings_between(resource: Resource, start: datetime, end: datetime) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(resource=resource, status__in=HOLDING, start__lt=end, end__gt=start)
        .select_related("user")
        .order_by("start")
    )


@dataclass
class Day:
    day: date
    opens: time | None
    closes: time | None
    closed_reason: str = ""
    bookings: list = field(default_factory=list)


def calendar(resource: Resource, first_day: date, days: int) -> list[Day]:
    """``days`` consecutive days from ``first_day`` with opening hours and bookings."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(first_day, time.min, tzinfo=tz)
    end = start + timedelta(days=days)
    hours = {h.weekday: h for h in resource.space.opening_hours.all()}
    closures = list(
        resource.space.closures.filter(date_from__lt=end.date(), date_to__gte=first_day)
    )
    result = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        slot = hours.get(day.weekday())
        closure = next((c for c in closures if c.date_from <= day <= c.date_to), None)
        result.append(
            Day(
                day,
                slot.opens if slot else None,
                slot.closes if slot else None,
                (closure.reason or "-") if closure else "",
            )
        )
    by_day = {d.day: d for d in result}
    for booking in bookings_between(resource, start, end):
        local_day = timezone.localtime(booking.start).date()
        if local_day in by_day:
            by_day[local_day].bookings.append(booking)
    return result


def availability(resource: Resource, day: date) -> dict:
    """Free desks (pools) or busy intervals (other resources) for one day, for the API."""
    days = calendar(resource, day, 1)
    info = days[0]
    busy = [{"start": b.start, "end": b.end, "quantity": b.quantity} for b in info.bookings]
    return {
        "resource": resource.pk,
        "date": day,
        "opens": info.opens,
        "closes": info.closes,
        "closed": bool(info.closed_reason) or info.opens is None,
        "pool_size": resource.pool_size if resource.is_pool else None,
        "busy": busy,
    }


def bookings_of_user(user) -> QuerySet[Booking]:
    return Booking.objects.filter(user=user).select_related("resource__space").order_by("-start")


def upcoming_bookings_of_user(user) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(user=user, status__in=HOLDING, end__gte=timezone.now())
        .select_related("resource__space")
        .order_by("start")
    )


def bookings_today_for(user, space: Space) -> QuerySet[Booking]:
    today = timezone.localdate()
    return (
        Booking.objects.filter(user=user, resource__space=space, start__date=today)
        .select_related("resource")
        .order_by("start")
    )


def present_user_ids(day: date | None = None) -> set[int]:
    """Users checked in today (whatever their presence preference: used for the directory
    facet, which only reveals people who opted in)."""
    day = day or timezone.localdate()
    return set(
        Booking.objects.filter(status=BookingStatus.CHECKED_IN, start__date=day).values_list(
            "user_id", flat=True
        )
    )


def who_is_here(day: date | None = None):
    from django.contrib.auth import get_user_model

    ids = present_user_ids(day)
    return (
        get_user_model()
        .objects.filter(pk__in=ids, coworking_settings__show_presence=True)
        .select_related("person__organisation")
        .order_by("first_name", "last_name")
    )


def visible_present_user_ids(day: date | None = None) -> set[int]:
    return set(who_is_here(day).values_list("pk", flat=True))


def subscriptions_awaiting() -> QuerySet[Subscription]:
    return (
        Subscription.objects.filter(status=Subscription.Status.AWAITING_PAYMENT)
        .select_related("plan__space", "user")
        .order_by("created_at")
    )


def subscriptions_of_user(user) -> QuerySet[Subscription]:
    return Subscription.objects.filter(user=user).select_related("plan__space")


def credit_balances_of_user(user, day: date | None = None) -> list:
    """This month's meeting-room credits of each active plan of ``user`` that includes some."""
    from guild.coworking.services import credit_balance

    day = day or timezone.localdate()
    active = (
        Subscription.objects.filter(
            user=user,
            status=Subscription.Status.ACTIVE,
            plan__room_hours_per_month__gt=0,
            starts_on__lte=day,
            ends_on__gte=day,
        )
        .select_related("plan__space")
        .order_by("ends_on")
    )
    return [credit_balance(subscription, day) for subscription in active]


def desk_cards_of_user(user, day: date | None = None) -> list[dict]:
    """Each active day pass or 10-day card of ``user``: days used and days left."""
    from guild.coworking.services import CARD_KINDS, desk_days_used

    day = day or timezone.localdate()
    cards = Subscription.objects.filter(
        user=user,
        status=Subscription.Status.ACTIVE,
        plan__kind__in=CARD_KINDS,
        plan__days_included__gt=0,
        ends_on__gte=day,
    ).select_related("plan")
    result = []
    for subscription in cards.order_by("ends_on"):
        used = len(desk_days_used(subscription))
        included = subscription.plan.days_included
        result.append(
            {
                "subscription": subscription,
                "used": used,
                "left": max(0, included - used),
                "included": included,
            }
        )
    return result

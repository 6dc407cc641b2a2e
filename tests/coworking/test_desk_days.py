"""Desk plans: a monthly plan covers every day, a day pass or a 10-day card uses one day per
calendar day booked, a timely cancellation gives the day back, and days beyond the card (or
without any desk plan) are invoiced with the month's usage."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from guild.coworking.models import Plan, Subscription
from guild.coworking.services import booking_cancel, booking_create
from tests.coworking.helpers import at

pytestmark = pytest.mark.django_db


def card(user, space, *, kind="ten_days", days=10, validity=90):
    plan = Plan.objects.create(
        space=space,
        kind=kind,
        name="Carte 10 jours" if kind == "ten_days" else "Abonnement",
        price=Decimal("120.00"),
        days_included=days,
        validity_days=validity,
    )
    today = timezone.localdate()
    return Subscription.objects.create(
        plan=plan,
        user=user,
        status=Subscription.Status.ACTIVE,
        starts_on=today,
        ends_on=today + timedelta(days=validity - 1),
    )


def book(member, pool, day, start=9, end=17):
    return booking_create(actor=member, resource=pool, start=at(day, start), end=at(day, end))[0]


def test_a_card_uses_one_day_per_day_booked_then_days_are_invoiced(pool, member):
    subscription = card(member, pool.space, days=2)
    first = book(member, pool, 3, 9, 12)
    assert first.subscription == subscription and first.overage == 0
    # A second booking the same day uses no other day.
    same_day = book(member, pool, 3, 13, 17)
    assert same_day.subscription == subscription and same_day.overage == 0
    second_day = book(member, pool, 4)
    assert second_day.subscription == subscription
    # The card is used up: the third day is charged at the desk rate, with the month's usage.
    third_day = book(member, pool, 5)
    assert third_day.subscription is None
    assert third_day.overage == third_day.price > 0


def test_a_timely_cancellation_gives_the_day_back(pool, member):
    subscription = card(member, pool.space, days=1)
    first = book(member, pool, 3)
    booking_cancel(actor=member, booking=first)
    again = book(member, pool, 4)
    assert again.subscription == subscription and again.overage == 0


def test_a_monthly_desk_plan_covers_every_day(pool, member):
    subscription = card(member, pool.space, kind="monthly_hot_desk", days=0, validity=30)
    for day in (3, 4, 5, 6):
        booking = book(member, pool, day)
        assert booking.subscription == subscription and booking.overage == 0


def test_without_a_desk_plan_the_day_is_invoiced(pool, member):
    booking = book(member, pool, 3)
    assert booking.subscription is None
    assert booking.overage == booking.price > 0


def test_my_bookings_shows_the_days_left_on_the_card(client, pool, member):
    card(member, pool.space, days=10)
    book(member, pool, 3)
    book(member, pool, 4)
    client.force_login(member)
    page = client.get(reverse("coworking:my_bookings")).content.decode()
    assert "Jours de bureau" in page
    assert "8 jour(s) restant(s) sur 10" in page

"""Meeting-room credits of plans: consumed by bookings, refunded on a timely cancellation,
use beyond credits invoiced once a month through billing."""

import threading
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from guild.billing.models import Invoice
from guild.core.scheduling import jobs
from guild.coworking import payments
from guild.coworking.models import Booking, Plan, Subscription, UsageStatement
from guild.coworking.services import BookingError, booking_cancel, booking_create
from tests.coworking.helpers import at, make_member, make_room, make_space

pytestmark = pytest.mark.django_db


def subscribe(user, space, *, hours=3, starts_on=None, days=90):
    plan = Plan.objects.create(
        space=space,
        kind="monthly_hot_desk",
        name="Nomade",
        price=Decimal("150.00"),
        room_hours_per_month=hours,
        validity_days=days,
    )
    starts_on = starts_on or timezone.localdate()
    return Subscription.objects.create(
        plan=plan,
        user=user,
        status=Subscription.Status.ACTIVE,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
    )


def test_booking_consumes_credits_then_the_rest_is_overage(room, member):
    subscription = subscribe(member, room.space, hours=3)
    first = booking_create(actor=member, resource=room, start=at(3, 9), end=at(3, 11))[0]
    assert first.subscription == subscription
    assert first.credit_minutes == 120
    assert first.overage == Decimal("0.00")
    # 2 h at the member rate cost 20 €; one hour is left in credits, so half is invoiced.
    second = booking_create(actor=member, resource=room, start=at(3, 13), end=at(3, 15))[0]
    assert second.price == Decimal("20.00")
    assert second.credit_minutes == 60
    assert second.overage == Decimal("10.00")
    third = booking_create(actor=member, resource=room, start=at(3, 16), end=at(3, 17))[0]
    assert third.credit_minutes == 0
    assert third.subscription is None
    assert third.overage == third.price == Decimal("10.00")


def test_without_a_plan_the_whole_booking_is_overage(room, member):
    booking = booking_create(actor=member, resource=room, start=at(3, 9), end=at(3, 10))[0]
    assert booking.credit_minutes == 0
    assert booking.overage == Decimal("10.00")


def test_credits_do_not_apply_before_the_plan_starts(room, member):
    subscribe(member, room.space, starts_on=timezone.localdate() + timedelta(days=10))
    booking = booking_create(actor=member, resource=room, start=at(3, 9), end=at(3, 10))[0]
    assert booking.credit_minutes == 0


def test_cancellation_before_deadline_gives_credits_back(room, member):
    subscription = subscribe(member, room.space, hours=2)
    booking = booking_create(actor=member, resource=room, start=at(3, 9), end=at(3, 11))[0]
    booking_cancel(actor=member, booking=booking)
    booking.refresh_from_db()
    assert booking.credit_minutes == 0 and booking.overage == 0
    again = booking_create(actor=member, resource=room, start=at(3, 14), end=at(3, 16))[0]
    assert again.subscription == subscription
    assert again.credit_minutes == 120


def test_late_cancellation_by_the_manager_keeps_credits_used(room, member, make_user):
    subscribe(member, room.space, hours=2)
    booking = booking_create(actor=member, resource=room, start=at(3, 9), end=at(3, 11))[0]
    with pytest.raises(BookingError):
        booking_cancel(actor=member, booking=booking, now=at(3, 8))
    booking_cancel(actor=make_user("space_manager"), booking=booking, now=at(3, 8))
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert booking.credit_minutes == 120


def test_my_bookings_shows_remaining_credits(client, room, member):
    subscribe(member, room.space, hours=3)
    booking_create(actor=member, resource=room, start=at(3, 9), end=at(3, 10))
    client.force_login(member)
    response = client.get(reverse("coworking:my_bookings"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Crédits de salle de réunion" in body
    if at(3, 9).month == timezone.localdate().month:
        assert "2,0 h restantes sur 3 h" in body
    else:
        assert "3,0 h restantes sur 3 h" in body


def _last_month_slot(hour_from, hour_to):
    first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=10)
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first, time(hour_from), tzinfo=tz),
        datetime.combine(first, time(hour_to), tzinfo=tz),
        datetime.combine(first - timedelta(days=5), time(9), tzinfo=tz),
    )


def test_monthly_usage_invoiced_once_per_customer(room, member, other_member):
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    subscribe(member, room.space, hours=1, starts_on=month)
    start, end, then = _last_month_slot(9, 12)
    booking_create(actor=member, resource=room, start=start, end=end, now=then)  # 2 h beyond
    start, end, then = _last_month_slot(14, 15)
    booking_create(actor=other_member, resource=room, start=start, end=end, now=then)
    # This month's use waits for next month.
    booking_create(actor=member, resource=room, start=at(1, 9), end=at(1, 10))

    assert payments.usage_invoice_month() == 2
    invoices = Invoice.objects.filter(source_type="coworking.usage").order_by("customer_email")
    assert invoices.count() == 2
    by_email = {invoice.customer_email: invoice for invoice in invoices}
    assert by_email[member.email].total_net == Decimal("20.00")  # 3 h = 30 €, 1 h in credits
    assert by_email[member.email].revenue_source == "coworking"
    assert "au-delà des crédits" in by_email[member.email].lines.first().label
    assert by_email[other_member.email].total_net == Decimal("10.00")
    assert UsageStatement.objects.filter(month=month).count() == 2
    assert not Booking.objects.filter(
        start__lt=timezone.now(), overage__gt=0, usage_statement=None
    ).exists()

    # Run again (the job runs every six hours): nothing more is invoiced.
    assert payments.usage_invoice_month() == 0
    assert Invoice.objects.filter(source_type="coworking.usage").count() == 2


def test_current_month_is_never_invoiced(room, member):
    booking_create(actor=member, resource=room, start=at(1, 9), end=at(1, 10))
    assert payments.usage_invoice_month(month=timezone.localdate()) == 0
    assert not Invoice.objects.exists()


def test_usage_job_is_registered():
    assert "coworking.invoice_usage" in {job.name for job in jobs()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_bookings_never_spend_credits_twice(transactional_db):
    space = make_space()
    rooms = [make_room(space, name=f"Salle {i}") for i in range(2)]
    member = make_member(first_name="Camille", last_name="Durand")
    subscribe(member, space, hours=3)
    barrier = threading.Barrier(2)
    errors = []

    def attempt(resource):
        try:
            barrier.wait()
            booking_create(actor=member, resource=resource, start=at(3, 9), end=at(3, 11))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(r,)) for r in rooms]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    bookings = list(Booking.objects.filter(user=member))
    assert len(bookings) == 2
    assert sum(b.credit_minutes for b in bookings) == 180
    assert sorted(b.overage for b in bookings) == [Decimal("0.00"), Decimal("10.00")]


def test_month_bounds_cover_the_local_month():
    from guild.coworking.services import month_bounds

    start, end = month_bounds(date(2026, 12, 15))
    assert (start.date(), end.date()) == (date(2026, 12, 1), date(2027, 1, 1))

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from guild.core.models import OutgoingEmail
from guild.coworking import services
from guild.coworking.models import Booking, BookingStatus, Closure, OpeningHours
from guild.coworking.services import BookingError, booking_cancel, booking_create
from tests.coworking.helpers import at

pytestmark = pytest.mark.django_db


def test_member_books_room_at_member_rate_and_gets_confirmation(member, room):
    [booking] = booking_create(actor=member, resource=room, start=at(1, 10), end=at(1, 12))
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.member_rate is True
    assert booking.price == Decimal("20.00")
    mail = OutgoingEmail.objects.get(to=member.email)
    assert "Réservation confirmée" in mail.subject


def test_non_member_pays_public_rate(make_user, room):
    outsider = make_user()
    [booking] = booking_create(actor=outsider, resource=room, start=at(1, 9), end=at(1, 17))
    assert booking.member_rate is False
    assert booking.price == Decimal("100.00")


def test_overlapping_booking_refused_with_french_message(member, other_member, room):
    booking_create(actor=member, resource=room, start=at(1, 10), end=at(1, 12))
    with pytest.raises(BookingError, match="déjà réservé"):
        booking_create(actor=other_member, resource=room, start=at(1, 11), end=at(1, 13))
    assert Booking.objects.count() == 1


def test_buffer_between_bookings(member, other_member, room):
    room.space.buffer_minutes = 15
    room.space.save()
    booking_create(actor=member, resource=room, start=at(1, 10), end=at(1, 11))
    with pytest.raises(BookingError):
        booking_create(actor=other_member, resource=room, start=at(1, 11), end=at(1, 12))
    booking_create(actor=other_member, resource=room, start=at(1, 11, 15), end=at(1, 12))
    assert Booking.objects.count() == 2


def test_cancelled_slot_can_be_booked_again(member, other_member, room):
    [booking] = booking_create(actor=member, resource=room, start=at(2, 10), end=at(2, 11))
    booking_cancel(actor=member, booking=booking)
    booking_create(actor=other_member, resource=room, start=at(2, 10), end=at(2, 11))
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (at(-1, 10), at(-1, 11), "passé"),
        (at(1, 6), at(1, 9), "fermé"),
        (at(1, 19), at(1, 21), "fermé"),
        (at(1, 10), at(1, 10, 15), "au moins"),
        (at(1, 8), at(1, 19), "au plus"),
        (at(90, 10), at(90, 11), "jours à l'avance"),
    ],
)
def test_rule_violations_refused(member, room, start, end, message):
    with pytest.raises(BookingError, match=message):
        booking_create(actor=member, resource=room, start=start, end=end)
    assert not Booking.objects.exists()


def test_end_before_start_and_inactive_resource(member, room):
    with pytest.raises(BookingError, match="après le début"):
        booking_create(actor=member, resource=room, start=at(1, 11), end=at(1, 10))
    room.active = False
    room.save()
    with pytest.raises(BookingError, match="ne peut pas être réservée"):
        booking_create(actor=member, resource=room, start=at(1, 10), end=at(1, 11))


def test_closed_weekday_and_closure(member, room):
    day = room.space.opening_hours.first()
    OpeningHours.objects.filter(space=room.space, weekday=at(3, 10).weekday()).delete()
    with pytest.raises(BookingError, match="fermé"):
        booking_create(actor=member, resource=room, start=at(3, 10), end=at(3, 11))
    d = at(4, 10).date()
    Closure.objects.create(space=room.space, date_from=d, date_to=d, reason="Pont de l'Ascension")
    with pytest.raises(BookingError, match="Ascension"):
        booking_create(actor=member, resource=room, start=at(4, 10), end=at(4, 11))
    assert day is not None


def test_booking_across_days_refused(member, room):
    with pytest.raises(BookingError):
        booking_create(actor=member, resource=room, start=at(1, 19), end=at(2, 9))


def test_max_concurrent_bookings(member, room):
    room.space.max_concurrent = 2
    room.space.save()
    booking_create(actor=member, resource=room, start=at(1, 9), end=at(1, 10))
    booking_create(actor=member, resource=room, start=at(1, 11), end=at(1, 12))
    with pytest.raises(BookingError, match="limite est de 2"):
        booking_create(actor=member, resource=room, start=at(1, 14), end=at(1, 15))


def test_space_manager_bypasses_duration_rules(make_user, member, room):
    manager = make_user("space_manager")
    [booking] = booking_create(
        actor=manager, user=member, resource=room, start=at(1, 8), end=at(1, 19)
    )
    assert booking.user == member


def test_weekly_recurrence_all_or_nothing(member, other_member, room):
    booking_create(actor=other_member, resource=room, start=at(15, 10), end=at(15, 11))
    with pytest.raises(BookingError):
        booking_create(actor=member, resource=room, start=at(1, 10), end=at(1, 11), repeat_weeks=4)
    assert Booking.objects.filter(user=member).count() == 0
    bookings = booking_create(
        actor=member, resource=room, start=at(1, 14), end=at(1, 15), repeat_weeks=3
    )
    assert len({b.series for b in bookings}) == 1
    assert [b.start for b in bookings] == [at(1, 14), at(8, 14), at(15, 14)]
    with pytest.raises(BookingError, match="entre 1 et 26"):
        booking_create(actor=member, resource=room, start=at(1, 10), end=at(1, 11), repeat_weeks=30)


def test_pool_booked_by_count(member, other_member, pool):
    booking_create(actor=member, resource=pool, start=at(1, 9), end=at(1, 18), quantity=2)
    booking_create(actor=other_member, resource=pool, start=at(1, 9), end=at(1, 18))
    with pytest.raises(BookingError, match="0 restant"):
        booking_create(actor=other_member, resource=pool, start=at(1, 10), end=at(1, 12))
    with pytest.raises(BookingError, match="au moins un"):
        booking_create(actor=member, resource=pool, start=at(2, 9), end=at(2, 18), quantity=0)
    assert Booking.objects.count() == 2


def test_exclusive_resource_one_unit(member, room):
    with pytest.raises(BookingError, match="une seule"):
        booking_create(actor=member, resource=room, start=at(1, 9), end=at(1, 10), quantity=2)


def test_cancel_rules(member, other_member, make_user, room):
    [booking] = booking_create(actor=member, resource=room, start=at(1, 10), end=at(1, 11))
    with pytest.raises(BookingError, match="vos propres"):
        booking_cancel(actor=other_member, booking=booking)
    with pytest.raises(BookingError, match="heures avant"):
        booking_cancel(actor=member, booking=booking, now=at(1, 9))
    manager = make_user("space_manager")
    booking_cancel(actor=manager, booking=booking, now=at(1, 9))
    with pytest.raises(BookingError, match="plus active"):
        booking_cancel(actor=member, booking=booking)


def test_check_in_and_no_show_release(member, other_member, room):
    [early] = booking_create(actor=member, resource=room, start=at(1, 9), end=at(1, 10))
    [late] = booking_create(actor=other_member, resource=room, start=at(1, 11), end=at(1, 12))
    with pytest.raises(BookingError, match="30 minutes"):
        services.booking_check_in(actor=member, booking=early, now=at(1, 7))
    with pytest.raises(BookingError, match="vos propres"):
        services.booking_check_in(actor=other_member, booking=early, now=at(1, 9))
    services.booking_check_in(actor=member, booking=early, now=at(1, 9, 5))
    with pytest.raises(BookingError, match="ne peut pas"):
        services.booking_check_in(actor=member, booking=early, now=at(1, 9, 6))
    assert services.bookings_release_no_shows(now=at(1, 11, 10)) == 0
    assert services.bookings_release_no_shows(now=at(1, 11, 31)) == 1
    late.refresh_from_db()
    early.refresh_from_db()
    assert late.status == BookingStatus.RELEASED
    assert early.status == BookingStatus.CHECKED_IN


def test_reminders_sent_once(member, room):
    booking_create(actor=member, resource=room, start=at(1, 10), end=at(1, 11))
    assert services.bookings_send_reminders(now=at(0, 12)) == 1
    assert services.bookings_send_reminders(now=at(0, 12)) == 0
    assert OutgoingEmail.objects.filter(subject__startswith="Rappel").count() == 1


def test_database_rejects_overlap_written_directly(member, room):
    """Bypassing the service: PostgreSQL's exclusion constraint still refuses."""
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraint is PostgreSQL-only")
    common = {"resource": room, "user": member, "exclusive": True}
    Booking.objects.create(start=at(1, 10), end=at(1, 11), blocked_until=at(1, 11), **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            start=at(1, 10, 30), end=at(1, 12), blocked_until=at(1, 12), **common
        )


def test_price_helper_picks_cheapest(room):
    assert services.booking_price(room, at(1, 9), at(1, 10), member=True) == Decimal("10.00")
    assert services.booking_price(room, at(1, 9), at(1, 13), member=True) == Decimal("30.00")
    assert services.booking_price(room, at(1, 8), at(1, 18), member=True) == Decimal("50.00")
    assert isinstance(date.today(), date)
    assert time(1)
    assert timedelta(1)

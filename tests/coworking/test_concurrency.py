"""Real parallel connections against PostgreSQL: the database refuses double bookings."""

import threading

import pytest
from django.db import connection

from guild.coworking.models import Booking
from guild.coworking.services import BookingError, booking_create
from tests.coworking.helpers import at, make_member, make_pool, make_room, make_space


def _burst(resource, users, **kwargs):
    barrier = threading.Barrier(len(users))
    outcomes = []
    lock = threading.Lock()

    def attempt(user):
        try:
            barrier.wait()
            booking_create(actor=user, resource=resource, start=at(1, 10), end=at(1, 11), **kwargs)
            result = "ok"
        except BookingError as exc:
            result = str(exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_same_room_only_one_wins(transactional_db):
    room = make_room(make_space())
    users = [make_member() for _ in range(12)]
    outcomes = _burst(room, users)
    assert outcomes.count("ok") == 1
    assert all("déjà réservé" in o for o in outcomes if o != "ok")
    assert Booking.objects.filter(resource=room).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_pool_never_oversold(transactional_db):
    pool = make_pool(make_space(), size=3)
    users = [make_member() for _ in range(10)]
    outcomes = _burst(pool, users)
    assert outcomes.count("ok") == 3
    assert sum(Booking.objects.filter(resource=pool).values_list("quantity", flat=True)) == 3

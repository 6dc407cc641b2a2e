from __future__ import annotations

import threading

import pytest
from django.db import connection

from guild.events.models import Quota, Registration, Voucher
from guild.events.services import Attendee, EventsError, order_place, voucher_create

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _burst(event, ticket_type, n, voucher_code=""):
    outcomes = []
    barrier = threading.Barrier(n)

    def place(i):
        try:
            barrier.wait()
            order_place(
                actor=None,
                event=event,
                attendees=[
                    Attendee(
                        ticket_type_id=ticket_type.pk,
                        first_name=f"P{i}",
                        last_name="Test",
                        email=f"p{i}@example.org",
                    )
                ],
                buyer_name="P T",
                buyer_email=f"p{i}@example.org",
                voucher_code=voucher_code,
            )
            outcomes.append("ok")
        except EventsError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_registrations_never_oversell(event, ticket_type, quota):
    Quota.objects.filter(pk=quota.pk).update(size=5)
    outcomes = _burst(event, ticket_type, 16)
    assert outcomes.count("ok") == 5
    assert outcomes.count("sold_out") == 11
    quota.refresh_from_db()
    assert quota.used == 5
    assert Registration.objects.filter(event=event).count() == 5


def test_concurrent_voucher_uses_never_exceed_limit(event, ticket_type, staff_user):
    voucher_create(actor=staff_user, event=event, code="LIMITED", max_uses=3)
    outcomes = _burst(event, ticket_type, 10, voucher_code="LIMITED")
    assert outcomes.count("ok") == 3
    assert Voucher.objects.get(code="LIMITED").used == 3

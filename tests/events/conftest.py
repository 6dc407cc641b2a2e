from __future__ import annotations

import pytest

from guild.events.checkin_cache import clear_list_cache
from guild.events.services import Attendee, order_place
from tests.events.factories import CheckinListFactory, EventFactory, QuotaFactory, TicketTypeFactory


@pytest.fixture(autouse=True)
def _fresh_list_cache():
    clear_list_cache()
    yield
    clear_list_cache()


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture
def quota(event):
    return QuotaFactory(event=event, size=10)


@pytest.fixture
def ticket_type(event, quota):
    ticket_type = TicketTypeFactory(event=event)
    ticket_type.quotas.add(quota)
    return ticket_type


@pytest.fixture
def checkin_list(event):
    return CheckinListFactory(event=event)


@pytest.fixture
def register(event, ticket_type):
    """``register(n=1, **kw)``: a confirmed free order with n attendees."""

    def _register(n=1, *, actor=None, voucher_code="", ticket=None, target_event=None,
                  **attendee):
        ticket = ticket or ticket_type
        people = [Attendee(ticket_type_id=ticket.pk, first_name=attendee.get("first_name",
                                                                             f"Anne{i}"),
                           last_name=attendee.get("last_name", "Martin"),
                           email=attendee.get("email", f"anne{i}@example.org"),
                           company=attendee.get("company", "Octet SARL"))
                  for i in range(n)]
        return order_place(actor=actor, event=target_event or event, attendees=people,
                           buyer_name="Anne Martin", buyer_email="anne@example.org",
                           voucher_code=voucher_code)

    return _register


def _audit_truncate_trigger(enabled: bool) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    action = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE core_auditentry {action} TRIGGER core_auditentry_no_truncate")


@pytest.fixture(scope="session")
def _audit_trigger_restored(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        _audit_truncate_trigger(True)


@pytest.fixture(autouse=True)
def _allow_flush_after_transactional_tests(request, _audit_trigger_restored):
    """Transactional tests (threads, live server) end with a TRUNCATE of every table, which
    the audit log's append-only trigger refuses on PostgreSQL. Let that flush through in the
    test database only; the trigger is restored when the session ends."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "live_server" in request.fixturenames)
    if transactional:
        from django.db import connection

        connection.ensure_connection()
        _audit_truncate_trigger(False)

from __future__ import annotations

import logging

import pytest

from guild.events.api_auth import clear_auth_cache
from guild.events.checkin_cache import clear_list_cache
from guild.events.services import Attendee, order_place
from tests.events.factories import CheckinListFactory, EventFactory, QuotaFactory, TicketTypeFactory


@pytest.fixture(autouse=True)
def _fresh_list_cache():
    clear_list_cache()
    clear_auth_cache()
    yield
    clear_list_cache()
    clear_auth_cache()


@pytest.fixture(autouse=True)
def _first_entry_statement_never_overreaches(caplog):
    """The door's first-entry statement must never write a scan the rules then refuse (the
    service would take it back and log an error, so the scan counts alone would not tell)."""
    yield
    overreach = [
        record.getMessage()
        for record in caplog.records
        if record.name == "guild.events.services.checkin" and record.levelno >= logging.ERROR
    ]
    assert not overreach


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

    def _register(n=1, *, actor=None, voucher_code="", ticket=None, target_event=None, **attendee):
        ticket = ticket or ticket_type
        people = [
            Attendee(
                ticket_type_id=ticket.pk,
                first_name=attendee.get("first_name", f"Anne{i}"),
                last_name=attendee.get("last_name", "Martin"),
                email=attendee.get("email", f"anne{i}@example.org"),
                company=attendee.get("company", "Octet SARL"),
            )
            for i in range(n)
        ]
        return order_place(
            actor=actor,
            event=target_event or event,
            attendees=people,
            buyer_name="Anne Martin",
            buyer_email="anne@example.org",
            voucher_code=voucher_code,
        )

    return _register


@pytest.fixture
def axe_csp():
    """Like the shared ``axe`` fixture, but injects axe-core with ``page.evaluate``: the shared
    one uses ``add_script_tag``, which the strict CSP blocks (inline script). Checks ``main``
    (the shared footer has a contrast issue reported to the foundation)."""
    from tests.conftest import AXE_JS

    def _check(page, context="main"):
        page.evaluate(AXE_JS.read_text())
        result = page.evaluate(
            """async (ctx) => {
                const r = await axe.run(ctx,
                  {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }""",
            context,
        )
        bad = [v for v in result if v["impact"] in {"serious", "critical"}]
        assert not bad, f"accessibility violations on {page.url}: {bad}"

    return _check

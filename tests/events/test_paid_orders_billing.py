"""Paid tickets go through billing: an invoice is issued with the order, and recording its
payment confirms the order (billing's paid hook), with no stand-in for either app."""

from decimal import Decimal

import pytest

from guild.billing.models import Invoice
from guild.billing.services import payment_record
from guild.events.services import Attendee, order_place
from tests.events.factories import TicketTypeFactory

pytestmark = pytest.mark.django_db


def test_paid_order_is_invoiced_and_confirmed_when_paid(
    event, quota, make_user, django_capture_on_commit_callbacks
):
    day_pass = TicketTypeFactory(event=event, price=Decimal("24.00"), vat_rate=Decimal("20.00"))
    day_pass.quotas.add(quota)
    with django_capture_on_commit_callbacks(execute=True):
        order = order_place(
            actor=None,
            event=event,
            buyer_name="Anne Martin",
            buyer_email="anne@example.org",
            attendees=[
                Attendee(
                    ticket_type_id=day_pass.pk,
                    first_name="Anne",
                    last_name="Martin",
                    email="anne@example.org",
                ),
            ],
        )
    order.refresh_from_db()
    assert order.status == "pending_payment"
    invoice = Invoice.objects.get(source_type="events.order", source_id=str(order.pk))
    assert order.invoice_ref == invoice.number
    assert invoice.revenue_source == "trade_show"
    assert invoice.total_gross == Decimal("24.00")

    treasurer = make_user("treasurer")
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            actor=treasurer,
            invoice=invoice,
            amount="24.00",
            method="transfer",
            reference="VIR-2026-118",
        )
    order.refresh_from_db()
    assert order.status == "confirmed"

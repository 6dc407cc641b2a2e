"""A paid plan is invoiced through billing and activated when its payment is recorded."""

from decimal import Decimal

import pytest

from guild.billing.models import Invoice
from guild.billing.services import payment_record
from guild.coworking import services
from guild.coworking.models import Plan

pytestmark = pytest.mark.django_db


def test_plan_invoiced_then_activated_by_the_payment(
    room, member, make_user, django_capture_on_commit_callbacks
):
    plan = Plan.objects.create(
        space=room.space,
        kind="monthly_hot_desk",
        name="Nomade",
        price=Decimal("150.00"),
        vat_rate=Decimal("20.00"),
        validity_days=30,
    )
    subscription = services.subscription_request(actor=member, plan=plan)
    invoice = Invoice.objects.get(
        source_type="coworking.subscription", source_id=str(subscription.pk)
    )
    assert invoice.revenue_source == "coworking"
    assert invoice.total_gross == Decimal("180.00")
    assert invoice.customer_email == member.email
    subscription.refresh_from_db()
    assert subscription.status == "awaiting_payment"

    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            actor=make_user("treasurer"),
            invoice=invoice,
            amount="180.00",
            method="transfer",
            reference="VIR-COWORK-7",
        )
    subscription.refresh_from_db()
    assert subscription.status == "active"
    assert subscription.ends_on is not None


def test_free_plan_has_no_invoice(room, member):
    plan = Plan.objects.create(
        space=room.space,
        kind="day_pass",
        name="Essai",
        price=Decimal("0"),
        validity_days=1,
    )
    services.subscription_request(actor=member, plan=plan)
    assert not Invoice.objects.exists()

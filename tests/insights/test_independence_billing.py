"""Public-money share computed from what the treasurer recorded in billing (no stand-ins)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from guild.billing.services import invoice_issue, other_income_record
from guild.insights import independence

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded_revenue(make_user):
    treasurer = make_user("treasurer")
    invoice_issue(
        actor=treasurer,
        customer_name="Octet SARL",
        customer_email="compta@octet.fr",
        lines=[
            {"label": "Cotisation 2026", "quantity": 1, "unit_price": "600.00", "vat_rate": "0"}
        ],
        revenue_source="dues",
        issued_on=date(2026, 3, 1),
    )
    invoice_issue(
        actor=treasurer,
        customer_name="Nuage SAS",
        customer_email="achats@nuage.fr",
        lines=[{"label": "Stand salon", "quantity": 1, "unit_price": "1400.00", "vat_rate": "0"}],
        revenue_source="trade_show",
        issued_on=date(2026, 4, 1),
    )
    other_income_record(
        actor=treasurer,
        label="Subvention régionale",
        amount="1000.00",
        revenue_source="public_grant",
        received_on=date(2026, 5, 1),
        funder_name="Région Nouvelle-Aquitaine",
        is_public=True,
    )
    return treasurer


def test_share_of_public_money_from_invoices_and_grants(recorded_revenue):
    revenue = independence.revenue_for(date(2026, 1, 1), date(2026, 12, 31))
    assert revenue["dues"] == Decimal("600.00")
    assert revenue["trade_show"] == Decimal("1400.00")
    assert revenue["public_grant"] == Decimal("1000.00")
    # 1,000 of 3,000 euros come from public money.
    assert independence.public_money_share(revenue) == Decimal("33.3")


def test_independence_page_shows_the_share(client, recorded_revenue):
    response = client.get(reverse("insights:independence"))
    assert response.status_code == 200
    assert "33,3" in response.content.decode()

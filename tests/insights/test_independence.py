"""Independence figures: public-money share against the bylaws ceiling, elected officials.

Billing and governance are built in parallel: their selectors are read lazily. Until they are
merged, these tests give the contract functions as small modules (``revenue_by_source``,
``current_policy``, ``board_seats_with_elected_office``) to check the computation, and check
the "data not available" path without them.
"""

from __future__ import annotations

import sys
import types
from datetime import date
from decimal import Decimal

import pytest

from guild.insights import independence

REVENUE = {
    2025: {
        "dues": Decimal("42000"),
        "trade_show": Decimal("30000"),
        "sponsorship": Decimal("12000"),
        "services": Decimal("6000"),
        "coworking": Decimal("5000"),
        "public_grant": Decimal("25000"),
        "donation": Decimal("0"),
        "other": Decimal("0"),
    },
    2026: {
        "dues": Decimal("45000"),
        "trade_show": Decimal("20000"),
        "sponsorship": Decimal("10000"),
        "services": Decimal("0"),
        "coworking": Decimal("5000"),
        "public_grant": Decimal("40000"),
        "donation": Decimal("0"),
        "other": Decimal("0"),
    },
}


def test_public_money_share_from_revenue_dicts():
    assert independence.public_money_share(REVENUE[2025]) == Decimal("20.8")
    assert independence.public_money_share(REVENUE[2026]) == Decimal("33.3")
    assert independence.public_money_share({"public_grant": Decimal("10")}) == Decimal("100.0")
    assert independence.public_money_share({"dues": Decimal("0")}) is None
    assert independence.public_money_share({}) is None


@pytest.fixture
def contracts(monkeypatch):
    calls = []

    def revenue_by_source(*, start, end):
        calls.append((start, end))
        return dict(REVENUE.get(start.year, {}))

    billing = types.ModuleType("guild.billing.selectors")
    billing.revenue_by_source = revenue_by_source
    governance = types.ModuleType("guild.governance.selectors")
    governance.current_policy = lambda: types.SimpleNamespace(
        public_money_ceiling_percent=Decimal("30.00"), max_board_seats_with_elected_office=2
    )
    governance.board_seats_with_elected_office = lambda on=None: (3, 12)
    monkeypatch.setitem(sys.modules, "guild.billing.selectors", billing)
    monkeypatch.setitem(sys.modules, "guild.governance.selectors", governance)
    return calls


def test_figures_with_billing_and_governance(contracts):
    figures = independence.independence_figures(today=date(2026, 6, 1), years=2)
    assert contracts == [
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 12, 31)),
    ]
    assert figures["revenue_available"]
    assert figures["seats_available"]
    assert [row["public_share"] for row in figures["by_year"]] == [Decimal("20.8"), Decimal("33.3")]
    assert figures["by_year"][1]["total"] == Decimal("120000")
    assert figures["public_share"] == Decimal("33.3")
    assert figures["ceiling"] == Decimal("30.00")
    assert figures["within_ceiling"] is False
    assert (figures["seats_held"], figures["seats_total"], figures["seats_allowed"]) == (3, 12, 2)
    assert figures["seats_within_limit"] is False


def test_no_policy_yet(contracts, monkeypatch):
    monkeypatch.setattr(sys.modules["guild.governance.selectors"], "current_policy", lambda: None)
    figures = independence.independence_figures(today=date(2026, 6, 1), years=1)
    assert figures["ceiling"] is None
    assert figures["within_ceiling"] is None
    assert figures["seats_within_limit"] is None


def test_not_available_without_billing_and_governance(monkeypatch):
    monkeypatch.setitem(sys.modules, "guild.billing.selectors", None)
    monkeypatch.setitem(sys.modules, "guild.governance.selectors", None)
    figures = independence.independence_figures()
    assert figures["revenue_available"] is False
    assert figures["by_year"] == []
    assert figures["public_share"] is None
    assert figures["ceiling"] is None
    assert figures["seats_available"] is False
    assert figures["seats_held"] is None


@pytest.mark.django_db
def test_independence_page_shows_public_share(client, contracts, limousin):
    response = client.get("/insights/independence/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "l’argent public représente <strong>33,3 %</strong>" in text or (
        "l’argent public représente <strong>33.3 %</strong>" in text
    )
    assert "Le plafond est dépassé." in text
    assert "3 des 12 sièges du conseil" in text
    assert "<svg" in text


@pytest.mark.django_db
def test_independence_page_not_available(client, monkeypatch, limousin):
    monkeypatch.setitem(sys.modules, "guild.billing.selectors", None)
    monkeypatch.setitem(sys.modules, "guild.governance.selectors", None)
    text = client.get("/insights/independence/").content.decode()
    assert "Recettes par origine : données non disponibles." in text
    assert "Sièges du conseil occupés par des élus : données non disponibles." in text


@pytest.mark.django_db
def test_independence_page_hidden_when_not_published(client, limousin):
    limousin.publish_independence = False
    limousin.save()
    assert client.get("/insights/independence/").status_code == 404
    assert client.get("/api/v1/insights/independence/").status_code == 404


@pytest.mark.django_db
def test_independence_api(client, contracts, limousin):
    data = client.get("/api/v1/insights/independence/").json()
    assert data["public_share"] == "33.3"
    assert data["within_ceiling"] is False
    assert data["by_year"][-1]["public_grant"] == "40000.00"
    assert data["seats_held"] == 3

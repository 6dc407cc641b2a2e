"""Demo data for billing: a regional public grant and a donation (invoices come from members)."""

from __future__ import annotations

from datetime import date

from guild.billing.models import OtherIncome, RevenueSource
from guild.billing.services import other_income_record


def seed(ctx) -> None:
    if OtherIncome.objects.exists():
        ctx.log("billing: demo income already there")
        return
    year = date.today().year
    treasurer = ctx.shared.get("users", {}).get("treasurer")
    other_income_record(
        actor=treasurer,
        label=f"Subvention de fonctionnement {year}",
        amount="15000.00",
        revenue_source=RevenueSource.PUBLIC_GRANT,
        funder_name="Région Nouvelle-Aquitaine",
        received_on=date(year, 3, 12),
    )
    other_income_record(
        actor=treasurer,
        label="Don d’un ancien adhérent",
        amount="250.00",
        revenue_source=RevenueSource.DONATION,
        funder_name="M. Lucas Moreau",
        received_on=date(year, 5, 2),
    )
    ctx.log("billing: demo income recorded")

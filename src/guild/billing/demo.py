"""Demo data for billing: a regional public grant and a donation (invoices come from members)."""

from __future__ import annotations

from datetime import date

from guild.billing.models import OtherIncome, RevenueSource
from guild.billing.services import other_income_record


def seed(ctx) -> None:
    _seed_income(ctx)
    _seed_mandates(ctx)


def _seed_mandates(ctx) -> None:
    """SEPA mandates for three organisations whose dues invoice is still open."""
    from schwifty import IBAN

    from guild.billing.models import Invoice, SepaMandate
    from guild.billing.sepa import mandate_record

    if SepaMandate.objects.exists():
        return
    treasurer = ctx.shared.get("users", {}).get("treasurer")
    open_invoices = Invoice.objects.filter(
        status=Invoice.Status.ISSUED, organisation__isnull=False
    ).select_related("organisation")
    seen = set()
    for invoice in open_invoices:
        organisation = invoice.organisation
        if organisation.pk in seen or len(seen) == 3:
            continue
        seen.add(organisation.pk)
        iban = IBAN.generate("FR", bank_code="30006", account_code=f"{organisation.pk:011d}")
        mandate_record(
            actor=treasurer,
            organisation=organisation,
            debtor_name=str(organisation)[:70],
            iban=iban.compact,
            bic="AGRIFRPPXXX",
            reference=f"RUM-DEMO-{organisation.pk:05d}",
            signed_on=date(date.today().year, 1, 10),
        )
    ctx.log(f"billing: {len(seen)} demo SEPA mandates recorded")


def _seed_income(ctx) -> None:
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

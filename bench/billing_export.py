"""Accounting export and SEPA file for a year of activity: 5,000 invoices (one paid each),
then the journal CSV of the year and a pain.008 batch of 1,000 open invoices.

Run: .venv/bin/python bench/billing_export.py   (DATABASE_URL=postgres://… for PostgreSQL)
The last line is ``billing_export: <seconds> s`` (CSV of 5,000 invoices + 5,000 payments).
"""

import os
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")

from governance_common import fresh_database  # noqa: E402

INVOICES, OPEN = 5000, 1000


def main() -> None:
    _url, drop = fresh_database("billing_export")
    try:
        import django

        django.setup()
        run()
    finally:
        from django.db import connections

        connections.close_all()
        drop()


def run() -> None:
    from datetime import date, timedelta
    from decimal import Decimal

    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from guild.billing.exports import journal_csv, journal_entries
    from guild.billing.models import Invoice, InvoiceLine, Payment
    from guild.billing.sepa import batch_create, earliest_collection_date, mandate_record
    from guild.members.models import Organisation

    settings.SEPA_CREDITOR_ID = "FR72ZZZ123456"
    settings.SEPA_CREDITOR_IBAN = "FR7630006000011234567890189"
    settings.SEPA_CREDITOR_BIC = "AGRIFRPPXXX"
    year = timezone.localdate().year
    start = date(year, 1, 1)
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [Organisation(legal_name=f"Société {i}", email=f"o{i}@ex.fr") for i in range(OPEN)]
        )
        invoices = Invoice.objects.bulk_create(
            [
                Invoice(
                    number=f"F{year}-{i + 1:05d}",
                    year=year,
                    sequence=i + 1,
                    issued_on=start + timedelta(days=i % 300),
                    due_date=start + timedelta(days=i % 300 + 30),
                    customer_name=f"Société {i}",
                    customer_email="c@ex.fr",
                    organisation=orgs[i] if i < OPEN else None,
                    revenue_source="dues",
                    source_type="members.membership",
                    source_id=f"{i}:{year}",
                    total_net=Decimal("100.00"),
                    total_vat=Decimal("20.00"),
                    total_gross=Decimal("120.00"),
                    status="issued" if i < OPEN else "paid",
                    amount_paid=Decimal("0") if i < OPEN else Decimal("120.00"),
                )
                for i in range(INVOICES)
            ]
        )
        InvoiceLine.objects.bulk_create(
            [
                InvoiceLine(
                    invoice=inv,
                    label="Cotisation",
                    quantity=1,
                    unit_price=Decimal("100.00"),
                    vat_rate=Decimal("20.00"),
                    amount_net=Decimal("100.00"),
                    amount_vat=Decimal("20.00"),
                    amount_gross=Decimal("120.00"),
                )
                for inv in invoices
            ]
        )
        Payment.objects.bulk_create(
            [
                Payment(
                    invoice=inv,
                    amount=Decimal("120.00"),
                    method="transfer" if i % 3 else "cash",
                    reference=f"VIR {i}",
                    paid_on=inv.issued_on,
                )
                for i, inv in enumerate(invoices[OPEN:])
            ]
        )
    for i, org in enumerate(orgs):
        mandate_record(
            actor=None,
            organisation=org,
            debtor_name=org.legal_name,
            iban="FR7630006000011234567890189",
            bic="AGRIFRPPXXX",
            reference=f"RUM-{i:06d}",
            signed_on=start,
        )
    began = time.perf_counter()
    entries = journal_entries(start=start, end=date(year, 12, 31))
    content = journal_csv(entries)
    csv_seconds = time.perf_counter() - began
    began = time.perf_counter()
    batch = batch_create(
        actor=None,
        invoices=Invoice.objects.filter(source_type="members.membership"),
        collection_date=earliest_collection_date(),
    )
    sepa_seconds = time.perf_counter() - began
    print(f"journal entries: {len(entries)} lines, {len(content) // 1024} KiB")
    print(f"pain.008 batch of {batch.items.count()} debits: {sepa_seconds:.2f} s")
    print(f"billing_export: {csv_seconds:.2f} s")


if __name__ == "__main__":
    main()

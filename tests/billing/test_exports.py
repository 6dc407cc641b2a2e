"""Accounting exports: balanced journal entries as French CSV, and the invoice list as XLSX."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from guild.billing.exports import journal_csv, journal_entries
from guild.billing.services import credit_note_issue, payment_record

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)


def rows_of(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ".")) if text else Decimal("0")


@pytest.fixture
def activity(treasurer, make_invoice):
    invoice = make_invoice(amount="100.00", vat_rate=20, issued_on=DAY)
    payment_record(
        actor=treasurer,
        invoice=invoice,
        amount="50",
        method="transfer",
        reference="VIR 42",
        paid_on=date(2026, 3, 12),
    )
    payment_record(
        actor=treasurer, invoice=invoice, amount="70", method="cash", paid_on=date(2026, 3, 13)
    )
    dues = make_invoice(amount="60.00", issued_on=DAY, customer_name="=cmd|' /C calc'!A0")
    note = credit_note_issue(actor=treasurer, invoice=dues, reason="Erreur")
    return invoice, dues, note, None


def test_journal_entries_are_balanced_with_french_accounts(activity, settings):
    invoice, dues, note, _other = activity
    entries = journal_entries(start=date(2026, 1, 1), end=date(2026, 12, 31))
    by_piece = {}
    for entry in entries:
        by_piece.setdefault((entry.journal, entry.piece, entry.day), []).append(entry)
    for lines in by_piece.values():
        assert sum(e.debit for e in lines) == sum(e.credit for e in lines)
    sale = by_piece[("VT", invoice.number, DAY)]
    assert {(e.account, e.debit, e.credit) for e in sale} == {
        ("411", Decimal("120.00"), Decimal("0")),
        ("706", Decimal("0"), Decimal("100.00")),
        ("44571", Decimal("0"), Decimal("20.00")),
    }
    bank = by_piece[("BQ", invoice.number, date(2026, 3, 12))]
    assert {(e.account, e.debit, e.credit) for e in bank} == {
        ("512", Decimal("50.00"), Decimal("0")),
        ("411", Decimal("0"), Decimal("50.00")),
    }
    cash = by_piece[("CA", invoice.number, date(2026, 3, 13))]
    assert {e.account for e in cash} == {"530", "411"}
    credit = by_piece[("VT", note.number, note.issued_on)]
    assert {(e.account, e.debit, e.credit) for e in credit} == {
        ("706", Decimal("60.00"), Decimal("0")),
        ("411", Decimal("0"), Decimal("60.00")),
    }
    settings.BILLING_JOURNAL_SALES = "VE"
    journals = {e.journal for e in journal_entries(start=DAY, end=DAY)}
    assert journals == {"VE"}


def test_csv_is_semicolon_bom_french_decimals_and_formula_safe(activity):
    entries = journal_entries(start=date(2026, 1, 1), end=date(2026, 12, 31))
    rows = rows_of(journal_csv(entries))
    assert rows[0] == ["Date", "Journal", "Compte", "Pièce", "Libellé", "Débit", "Crédit"]
    invoice = activity[0]
    first = next(r for r in rows[1:] if r[3] == invoice.number and r[2] == "411")
    assert first[0] == "10/03/2026"
    assert first[5] == "120,00"
    assert first[6] == ""
    assert sum(money(r[5]) for r in rows[1:]) == sum(money(r[6]) for r in rows[1:])
    assert all(not r[4].startswith("=") for r in rows[1:])


def test_date_range_filters_entries(activity):
    entries = journal_entries(start=date(2026, 3, 12), end=date(2026, 3, 12))
    assert {e.journal for e in entries} == {"BQ"}
    assert journal_entries(start=date(2025, 1, 1), end=date(2025, 12, 31)) == []


def test_export_screen_downloads_csv_and_xlsx(client_for, treasurer, activity):
    client = client_for(treasurer)
    url = reverse("billing:export")
    assert client.get(url).status_code == 200
    response = client.get(url, {"start": "2026-01-01", "end": "2026-12-31", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "ecritures-20260101-20261231.csv" in response["Content-Disposition"]
    assert len(rows_of(response.content)) > 5
    response = client.get(url, {"start": "2026-01-01", "end": "2026-12-31", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Numéro"
    numbers = {row[0] for row in rows[1:]}
    assert activity[0].number in numbers and activity[1].number in numbers
    first = next(row for row in rows[1:] if row[0] == activity[0].number)
    assert first[7] == 120 and first[10] == 0
    bad = client.get(url, {"start": "2026-12-31", "end": "2026-01-01", "format": "csv"})
    assert bad["Content-Type"].startswith("text/html")
    assert "La date de début doit précéder la date de fin" in bad.text


def test_exports_are_for_the_treasurer_only(client_for, member):
    response = client_for(member).get(
        reverse("billing:export"), {"start": "2026-01-01", "end": "2026-12-31", "format": "csv"}
    )
    assert response.status_code == 403

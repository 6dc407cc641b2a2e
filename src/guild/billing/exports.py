"""Accounting exports for the accountant: journal entries (CSV) and the invoice list (XLSX).

One line per accounting entry line, balanced per piece (French plan comptable associatif):

- invoice (sales journal): debit 411 customers gross, credit 706 services net, credit 44571 VAT;
- credit note (sales journal): the reverse;
- payment: debit 512 bank (bank journal) or 530 cash (cash journal), credit 411 customers.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from guild.billing.models import ZERO, CreditNote, Invoice, Payment, PaymentMethod
from guild.core import spreadsheets

ACCOUNT_CUSTOMERS = "411"
ACCOUNT_SALES = "706"
ACCOUNT_VAT = "44571"
ACCOUNT_BANK = "512"
ACCOUNT_CASH = "530"

HEADER = ["Date", "Journal", "Compte", "Pièce", "Libellé", "Débit", "Crédit"]


@dataclass(frozen=True)
class Entry:
    day: date
    journal: str
    account: str
    piece: str
    label: str
    debit: Decimal
    credit: Decimal


def journal_entries(*, start: date, end: date) -> list[Entry]:
    """Entries of invoices, credit notes and payments dated between ``start`` and ``end``."""
    sales = settings.BILLING_JOURNAL_SALES
    entries: list[Entry] = []
    invoices = Invoice.objects.filter(issued_on__range=(start, end)).order_by("issued_on", "number")
    for inv in invoices:
        label = f"Facture {inv.number} {inv.customer_name}"
        entries.append(
            Entry(inv.issued_on, sales, ACCOUNT_CUSTOMERS, inv.number, label, inv.total_gross, ZERO)
        )
        entries.append(
            Entry(inv.issued_on, sales, ACCOUNT_SALES, inv.number, label, ZERO, inv.total_net)
        )
        if inv.total_vat:
            entries.append(
                Entry(inv.issued_on, sales, ACCOUNT_VAT, inv.number, label, ZERO, inv.total_vat)
            )
    notes = (
        CreditNote.objects.filter(issued_on__range=(start, end))
        .select_related("invoice")
        .order_by("issued_on", "number")
    )
    for note in notes:
        label = f"Avoir {note.number} sur {note.invoice.number} {note.invoice.customer_name}"
        entries.append(
            Entry(note.issued_on, sales, ACCOUNT_SALES, note.number, label, note.total_net, ZERO)
        )
        if note.total_vat:
            entries.append(
                Entry(note.issued_on, sales, ACCOUNT_VAT, note.number, label, note.total_vat, ZERO)
            )
        entries.append(
            Entry(
                note.issued_on, sales, ACCOUNT_CUSTOMERS, note.number, label, ZERO, note.total_gross
            )
        )
    payments = (
        Payment.objects.filter(paid_on__range=(start, end))
        .select_related("invoice")
        .order_by("paid_on", "id")
    )
    for pay in payments:
        cash = pay.method == PaymentMethod.CASH
        journal = settings.BILLING_JOURNAL_CASH if cash else settings.BILLING_JOURNAL_BANK
        account = ACCOUNT_CASH if cash else ACCOUNT_BANK
        label = f"Règlement {pay.invoice.number} {pay.get_method_display()} {pay.reference}"
        label = label.strip()
        piece = pay.invoice.number
        entries.append(Entry(pay.paid_on, journal, account, piece, label, pay.amount, ZERO))
        entries.append(
            Entry(pay.paid_on, journal, ACCOUNT_CUSTOMERS, piece, label, ZERO, pay.amount)
        )
    entries.sort(key=lambda e: (e.day, e.journal, e.piece))
    return entries


def french_decimal(value: Decimal) -> str:
    return "" if value == ZERO else f"{value:.2f}".replace(".", ",")


def journal_csv(entries: list[Entry]) -> bytes:
    rows = (
        [
            e.day.strftime("%d/%m/%Y"),
            e.journal,
            e.account,
            e.piece,
            e.label,
            french_decimal(e.debit),
            french_decimal(e.credit),
        ]
        for e in entries
    )
    return spreadsheets.csv_bytes(itertools.chain([HEADER], rows))


def invoices_xlsx(*, start: date, end: date) -> bytes:
    invoices = Invoice.objects.filter(issued_on__range=(start, end)).order_by("issued_on", "number")
    book = Workbook()
    sheet = book.active
    sheet.title = _("Invoices")[:31]
    sheet.append(
        [
            _("Number"),
            _("Issue date"),
            _("Due date"),
            _("Customer"),
            _("Revenue source"),
            _("Total excl. VAT"),
            _("VAT"),
            _("Total incl. VAT"),
            _("Credited"),
            _("Paid"),
            _("Balance due"),
            _("Status"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for inv in invoices:
        sheet.append(
            spreadsheets.xlsx_row(
                sheet,
                [
                    inv.number,
                    inv.issued_on,
                    inv.due_date,
                    inv.customer_name,
                    str(inv.get_revenue_source_display()),
                    inv.total_net,
                    inv.total_vat,
                    inv.total_gross,
                    inv.amount_credited,
                    inv.amount_paid,
                    inv.balance_due,
                    str(inv.get_status_display()),
                ],
            )
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in row[1:3]:
            cell.number_format = "DD/MM/YYYY"
        for cell in row[5:11]:
            cell.number_format = "#,##0.00 €"
    for column, width in zip(
        "ABCDEFGHIJKL", (14, 12, 12, 36, 20, 14, 12, 14, 12, 12, 14, 24), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

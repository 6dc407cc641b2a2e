"""PDF documents of billing: invoices and credit notes, with the French legal mentions."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.conf import settings

from guild.billing.models import CreditNote, Invoice
from guild.core.pdf import render_pdf


def _vat_lines(lines) -> list[tuple[Decimal, Decimal]]:
    by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        if line.vat_rate:
            by_rate[line.vat_rate] += line.amount_vat
    return sorted(by_rate.items())


TEMPLATE = "billing/pdf/invoice.html"


def invoice_context(invoice: Invoice) -> dict:
    lines = list(invoice.lines.all())
    return {
        "invoice": invoice,
        "lines": lines,
        "vat_lines": _vat_lines(lines),
        "vat_exempt": all(not line.vat_rate for line in lines),
        "iban": getattr(settings, "GUILD_BANK_IBAN", ""),
        "bic": getattr(settings, "GUILD_BANK_BIC", ""),
    }


def invoice_pdf(invoice: Invoice, *, language: str = "fr") -> bytes:
    return render_pdf(TEMPLATE, invoice_context(invoice), language=language)


def credit_note_context(note: CreditNote) -> dict:
    lines = list(note.lines.all())
    return {
        "invoice": note.invoice,
        "credit_note": note,
        "lines": lines,
        "vat_lines": _vat_lines(lines),
        "vat_exempt": all(not line.vat_rate for line in lines),
    }


def credit_note_pdf(note: CreditNote, *, language: str = "fr") -> bytes:
    return render_pdf(TEMPLATE, credit_note_context(note), language=language)

"""Writes on billing: issue invoices and credit notes, record payments and other income.

Numbering follows French rules: one continuous sequence per year and per kind of document
(``F2026-00001`` for invoices, ``A2026-00001`` for credit notes), assigned when the document is
issued, inside the issuing transaction, under a row lock on the year's counter (PostgreSQL
``SELECT ... FOR UPDATE``; SQLite serialises writers with ``BEGIN IMMEDIATE``). A rolled back
transaction rolls back its number too, so the sequence has no gap and no duplicate.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.billing.hooks import run_paid_handlers
from guild.billing.models import (
    ZERO,
    CreditNote,
    CreditNoteLine,
    DocumentCounter,
    Invoice,
    InvoiceLine,
    OtherIncome,
    Payment,
    PaymentMethod,
    RevenueSource,
)
from guild.core.audit import audit_log
from guild.core.money import VAT_RATES, to_money, vat_split

PAYMENT_TERM_DAYS = 30


class DuplicatePayment(ValidationError):
    """The provider's payment was already recorded (a replayed notification)."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def next_number(kind: str, year: int) -> tuple[int, str]:
    """Reserve the next number of ``kind`` for ``year``; call inside a transaction."""
    DocumentCounter.objects.get_or_create(kind=kind, year=year)
    counter = DocumentCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last, f"{kind}{year}-{counter.last:05d}"


def _decimal(value, field: str, index: int) -> Decimal:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(
            _("Line %(line)s: “%(field)s” is not a number.") % {"line": index, "field": field}
        ) from None
    if not result.is_finite():
        raise ValidationError(
            _("Line %(line)s: “%(field)s” is not a number.") % {"line": index, "field": field}
        )
    return result


def _clean_lines(lines) -> list[dict]:
    if not lines:
        raise ValidationError(_("An invoice needs at least one line."))
    cleaned = []
    for index, line in enumerate(lines, start=1):
        label = str(line.get("label", "")).strip()
        if not label:
            raise ValidationError(_("Line %(line)s: the label is required.") % {"line": index})
        quantity = _decimal(line.get("quantity", 1), "quantity", index)
        unit_price = to_money(_decimal(line.get("unit_price"), "unit_price", index))
        rate = _decimal(line.get("vat_rate", 0), "vat_rate", index).quantize(Decimal("0.01"))
        if quantity <= 0:
            raise ValidationError(
                _("Line %(line)s: the quantity must be positive.") % {"line": index}
            )
        if rate not in VAT_RATES:
            raise ValidationError(
                _("Line %(line)s: %(rate)s %% is not a French VAT rate (0, 5.5, 10 or 20).")
                % {"line": index, "rate": rate}
            )
        amounts = vat_split(quantity * unit_price, rate)
        cleaned.append(
            {
                "label": label[:255],
                "quantity": quantity,
                "unit_price": unit_price,
                "vat_rate": rate,
                "amount_net": amounts.net,
                "amount_vat": amounts.vat,
                "amount_gross": amounts.gross,
                "position": index,
            }
        )
    return cleaned


def _totals(lines: list[dict]) -> tuple[Decimal, Decimal, Decimal]:
    net = sum((line["amount_net"] for line in lines), ZERO)
    vat = sum((line["amount_vat"] for line in lines), ZERO)
    return net, vat, net + vat


def invoice_issue(
    *,
    actor,
    customer_name: str,
    customer_email: str,
    customer_address: str = "",
    customer_siren: str = "",
    customer_vat: str = "",
    organisation=None,
    person=None,
    lines: list[dict],
    revenue_source: str,
    source_type: str = "",
    source_id: str = "",
    due_date: date | None = None,
    issued_on: date | None = None,
) -> Invoice:
    """Issue (and number) an invoice immediately. Raises ``ValidationError`` in French."""
    customer_name = (customer_name or "").strip()
    if not customer_name:
        raise ValidationError(_("The customer's name is required."))
    try:
        validate_email(customer_email or "")
    except ValidationError:
        raise ValidationError(_("The customer's e-mail address is not valid.")) from None
    if revenue_source not in RevenueSource.values:
        raise ValidationError(
            _("Unknown revenue source “%(source)s”.") % {"source": revenue_source}
        )
    cleaned = _clean_lines(lines)
    net, vat, gross = _totals(cleaned)
    if gross < 0:
        raise ValidationError(_("An invoice total cannot be negative; issue a credit note."))
    issued_on = issued_on or timezone.localdate()
    due_date = due_date or issued_on + timedelta(days=PAYMENT_TERM_DAYS)
    if due_date < issued_on:
        raise ValidationError(_("The due date cannot be before the issue date."))
    with transaction.atomic():
        sequence, number = next_number("F", issued_on.year)
        invoice = Invoice(
            number=number,
            year=issued_on.year,
            sequence=sequence,
            issued_on=issued_on,
            due_date=due_date,
            customer_name=customer_name[:255],
            customer_email=customer_email,
            customer_address=customer_address,
            customer_siren=customer_siren.replace(" ", ""),
            customer_vat=customer_vat.replace(" ", ""),
            organisation=organisation,
            person=person,
            revenue_source=revenue_source,
            source_type=source_type,
            source_id=str(source_id),
            total_net=net,
            total_vat=vat,
            total_gross=gross,
            created_by=_user(actor),
        )
        if gross == ZERO:
            invoice.status = Invoice.Status.PAID
            invoice.paid_at = timezone.now()
        invoice.save()
        InvoiceLine.objects.bulk_create([InvoiceLine(invoice=invoice, **line) for line in cleaned])
        audit_log(
            actor=actor,
            action="billing.invoice_issued",
            target=invoice,
            data={"number": number, "total": gross, "source": revenue_source},
        )
        if gross == ZERO:
            transaction.on_commit(lambda: run_paid_handlers(invoice))
    return invoice


def payment_record(
    *,
    actor,
    invoice: Invoice,
    amount,
    method: str,
    reference: str = "",
    paid_on: date | None = None,
    external_id: str = "",
) -> Payment:
    """Record a payment; when the invoice is fully paid, run its paid handlers after commit.

    ``external_id`` identifies the money at a provider or bank (Stripe payment intent, SEPA
    debit); it is unique in the database, so the same payment is never recorded twice
    (:class:`DuplicatePayment`).
    """
    try:
        amount = to_money(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("The amount is not a number.")) from None
    if amount <= 0:
        raise ValidationError(_("The amount must be positive."))
    if method not in PaymentMethod.values:
        raise ValidationError(_("Unknown payment method “%(method)s”.") % {"method": method})
    reference = (reference or "").strip()
    if method == PaymentMethod.TRANSFER and not reference:
        raise ValidationError(_("A bank transfer needs its reference."))
    if method == PaymentMethod.CHEQUE and not reference:
        raise ValidationError(_("A cheque needs its number."))
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ValidationError(_("The payment date cannot be in the future."))
    external_id = (external_id or "").strip()
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if external_id and Payment.objects.filter(external_id=external_id).exists():
            raise DuplicatePayment(
                _("This payment (%(id)s) was already recorded.") % {"id": external_id}
            )
        if locked.status == Invoice.Status.PAID:
            raise ValidationError(
                _("Invoice %(number)s is already paid.") % {"number": locked.number}
            )
        if locked.status == Invoice.Status.CREDITED:
            raise ValidationError(
                _("Invoice %(number)s was cancelled by a credit note.") % {"number": locked.number}
            )
        if amount > locked.balance_due:
            raise ValidationError(
                _("The amount (%(amount)s €) is more than the balance due (%(due)s €).")
                % {"amount": amount, "due": locked.balance_due}
            )
        payment = Payment.objects.create(
            invoice=locked,
            amount=amount,
            method=method,
            reference=reference[:140],
            paid_on=paid_on,
            recorded_by=_user(actor),
            external_id=external_id or None,
        )
        locked.amount_paid += amount
        fields = ["amount_paid"]
        if locked.balance_due == ZERO:
            locked.status = Invoice.Status.PAID
            locked.paid_at = timezone.now()
            fields += ["status", "paid_at"]
            transaction.on_commit(lambda: run_paid_handlers(locked))
        locked.save(update_fields=fields)
        audit_log(
            actor=actor,
            action="billing.payment_recorded",
            target=locked,
            data={"amount": amount, "method": method, "reference": reference},
        )
    for field in ("amount_paid", "status", "paid_at"):
        setattr(invoice, field, getattr(locked, field))
    return payment


def credit_note_issue(
    *, actor, invoice: Invoice, reason: str, lines: list[dict] | None = None
) -> CreditNote:
    """Issue a credit note (avoir): the whole invoice when ``lines`` is None, or those lines."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("A reason is required."))
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        remaining = locked.total_gross - locked.amount_credited
        if remaining <= 0:
            raise ValidationError(
                _("Invoice %(number)s has already been fully credited.") % {"number": locked.number}
            )
        if lines is None:
            if locked.amount_credited:
                raise ValidationError(_("This invoice was partly credited: give the lines."))
            cleaned = [
                {
                    field: getattr(line, field)
                    for field in (
                        "label",
                        "quantity",
                        "unit_price",
                        "vat_rate",
                        "amount_net",
                        "amount_vat",
                        "amount_gross",
                        "position",
                    )
                }
                for line in locked.lines.all()
            ]
        else:
            cleaned = _clean_lines(lines)
        net, vat, gross = _totals(cleaned)
        if gross > remaining:
            raise ValidationError(
                _(
                    "The credit note (%(amount)s €) is more than what remains on the invoice "
                    "(%(due)s €)."
                )
                % {"amount": gross, "due": remaining}
            )
        today = timezone.localdate()
        sequence, number = next_number("A", today.year)
        note = CreditNote.objects.create(
            number=number,
            year=today.year,
            sequence=sequence,
            invoice=locked,
            issued_on=today,
            reason=reason,
            total_net=net,
            total_vat=vat,
            total_gross=gross,
            created_by=_user(actor),
        )
        CreditNoteLine.objects.bulk_create(
            [CreditNoteLine(credit_note=note, **line) for line in cleaned]
        )
        locked.amount_credited += gross
        fields = ["amount_credited"]
        if locked.amount_credited == locked.total_gross:
            locked.status = Invoice.Status.CREDITED
            fields.append("status")
        elif locked.balance_due <= 0 and locked.status != Invoice.Status.PAID:
            locked.status = Invoice.Status.PAID
            locked.paid_at = timezone.now()
            fields += ["status", "paid_at"]
            transaction.on_commit(lambda: run_paid_handlers(locked))
        locked.save(update_fields=fields)
        audit_log(
            actor=actor,
            action="billing.credit_note_issued",
            target=note,
            data={"invoice": locked.number, "total": gross, "reason": reason},
        )
    for field in ("amount_credited", "status", "paid_at"):
        setattr(invoice, field, getattr(locked, field))
    return note


def other_income_record(
    *,
    actor,
    label: str,
    amount,
    revenue_source: str,
    received_on: date | None = None,
    funder_name: str = "",
    is_public: bool | None = None,
    reference: str = "",
) -> OtherIncome:
    """Record income without an invoice: a public grant (subvention), a donation, other."""
    label = (label or "").strip()
    if not label:
        raise ValidationError(_("The label is required."))
    try:
        amount = to_money(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("The amount is not a number.")) from None
    if amount <= 0:
        raise ValidationError(_("The amount must be positive."))
    if revenue_source not in RevenueSource.values:
        raise ValidationError(
            _("Unknown revenue source “%(source)s”.") % {"source": revenue_source}
        )
    funder_name = (funder_name or "").strip()
    if revenue_source == RevenueSource.PUBLIC_GRANT and not funder_name:
        raise ValidationError(_("A public grant needs the funder's name."))
    if is_public is None:
        is_public = revenue_source == RevenueSource.PUBLIC_GRANT
    with transaction.atomic():
        income = OtherIncome.objects.create(
            label=label[:255],
            amount=amount,
            revenue_source=revenue_source,
            received_on=received_on or timezone.localdate(),
            funder_name=funder_name[:255],
            is_public=is_public,
            reference=reference[:140],
            recorded_by=_user(actor),
        )
        audit_log(
            actor=actor,
            action="billing.other_income_recorded",
            target=income,
            data={"amount": amount, "source": revenue_source, "funder": funder_name},
        )
    return income

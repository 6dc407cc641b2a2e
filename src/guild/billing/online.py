"""Online card payment: start a checkout for an invoice, process provider notifications."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.billing.models import Invoice, PaymentMethod, ProviderEvent
from guild.billing.providers import PaymentNotice, PaymentProvider, ProviderError
from guild.billing.services import DuplicatePayment, payment_record

logger = logging.getLogger(__name__)


class Outcome:
    RECORDED = "recorded"
    DUPLICATE = "duplicate"  # the same event, or the same payment, seen again
    REJECTED = "rejected"  # money for an invoice that cannot take it (already paid, credited)
    IGNORED = "ignored"  # an event that carries no payment


def online_payment_start(
    *, actor, invoice: Invoice, provider: PaymentProvider, success_url: str, cancel_url: str
) -> str:
    """Return the provider's payment page URL for the invoice's balance due."""
    if invoice.status == Invoice.Status.PAID:
        raise ValidationError(_("Invoice %(number)s is already paid.") % {"number": invoice.number})
    if invoice.status == Invoice.Status.CREDITED:
        raise ValidationError(
            _("Invoice %(number)s was cancelled by a credit note.") % {"number": invoice.number}
        )
    if invoice.sepa_items.filter(status="pending").exists():
        raise ValidationError(
            _("Invoice %(number)s is being collected by SEPA direct debit.")
            % {"number": invoice.number}
        )
    amount = invoice.balance_due
    if amount <= 0:
        raise ValidationError(_("Nothing is left to pay on this invoice."))
    try:
        return provider.checkout_url(
            invoice=invoice, amount=amount, success_url=success_url, cancel_url=cancel_url
        )
    except ProviderError as error:
        logger.warning("Online payment for %s refused: %s", invoice.number, error)
        raise ValidationError(
            _("The payment service is unavailable; please try again later.")
        ) from error


def provider_notice_process(*, provider_name: str, notice: PaymentNotice) -> tuple[str, str]:
    """Record the payment a notification announces, at most once. Returns (outcome, detail).

    The event id is unique per provider (a replayed webhook is recognised) and the payment id is
    unique among payments (two events about one payment, e.g. ``checkout.session.completed``
    then ``payment_intent.succeeded``, record it once).
    """
    if ProviderEvent.objects.filter(provider=provider_name, event_id=notice.event_id).exists():
        return Outcome.DUPLICATE, _("This event was already processed.")
    with transaction.atomic():
        # The event is claimed first, in the transaction that records its payment: the same
        # event delivered twice at once waits on the unique index for the first delivery to
        # commit, then is answered as a duplicate (claiming it last let the delivery that had
        # recorded the payment lose the claim and answer "duplicate" too).
        try:
            with transaction.atomic():
                event = ProviderEvent.objects.create(
                    provider=provider_name,
                    event_id=notice.event_id,
                    event_type=notice.event_type,
                    outcome=Outcome.IGNORED,
                    received_at=timezone.now(),
                )
        except IntegrityError:  # the same event processed concurrently
            return Outcome.DUPLICATE, _("This event was already processed.")
        invoice = None
        if notice.amount is None:
            outcome, detail = Outcome.IGNORED, _("No payment in this event.")
        else:
            invoice = Invoice.objects.filter(pk=notice.invoice_id).first()
            if invoice is None:
                outcome, detail = Outcome.REJECTED, _("Unknown invoice.")
            elif notice.currency != "eur":
                outcome, detail = Outcome.REJECTED, _("Only payments in euros are accepted.")
            else:
                outcome, detail = _record(provider_name, notice, invoice)
        event.invoice, event.outcome, event.detail = invoice, outcome, str(detail)[:255]
        event.save(update_fields=["invoice", "outcome", "detail"])
    if outcome == Outcome.REJECTED:
        logger.warning("Payment %s not recorded: %s", notice.payment_id, detail)
    return outcome, detail


def _record(provider_name: str, notice: PaymentNotice, invoice: Invoice) -> tuple[str, str]:
    try:
        with transaction.atomic():  # a savepoint: a refusal leaves the caller's transaction usable
            payment_record(
                actor=None,
                invoice=invoice,
                amount=notice.amount,
                method=PaymentMethod.CARD,
                reference=f"{provider_name} {notice.payment_id.partition(':')[2]}"[:140],
                external_id=notice.payment_id,
            )
    except DuplicatePayment as error:
        return Outcome.DUPLICATE, error.messages[0]
    except IntegrityError:  # recorded concurrently by another notification
        return Outcome.DUPLICATE, _("This payment was already recorded.")
    except ValidationError as error:
        # Money received for an invoice that cannot take it (paid twice, credited): the
        # treasurer refunds it from the provider's dashboard; the event keeps the trace.
        return Outcome.REJECTED, error.messages[0]
    return Outcome.RECORDED, _("Payment recorded for invoice %(number)s.") % {
        "number": invoice.number
    }

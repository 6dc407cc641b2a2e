"""Stripe adapter: Checkout Sessions for invoices and signed webhooks (official ``stripe``)."""

from __future__ import annotations

from decimal import Decimal

import stripe

from guild.billing.providers import InvalidNotification, PaymentNotice, ProviderError

PAID_EVENTS = {"checkout.session.completed", "payment_intent.succeeded"}


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


class StripeProvider:
    name = "stripe"

    def __init__(self, *, secret_key: str, webhook_secret: str, api_base: str | None = None):
        self.webhook_secret = webhook_secret
        base = {"api": api_base} if api_base else None
        self.client = stripe.StripeClient(secret_key, base_addresses=base, max_network_retries=1)

    def checkout_url(self, *, invoice, amount: Decimal, success_url: str, cancel_url: str) -> str:
        metadata = {"invoice_id": str(invoice.pk), "invoice_number": invoice.number}
        params = {
            "mode": "payment",
            "success_url": success_url,
            "cancel_url": cancel_url,
            "customer_email": invoice.customer_email,
            "client_reference_id": str(invoice.pk),
            "locale": "fr",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "eur",
                        "unit_amount": to_cents(amount),
                        "product_data": {"name": f"Facture {invoice.number}"},
                    },
                }
            ],
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
        }
        try:
            session = self.client.v1.checkout.sessions.create(
                params=params,
                options={"idempotency_key": f"invoice-{invoice.pk}-{to_cents(amount)}"},
            )
        except stripe.StripeError as error:
            raise ProviderError(str(error.user_message or error)) from error
        return session.url

    def parse_notification(self, payload: bytes, headers) -> PaymentNotice:
        signature = headers.get("Stripe-Signature", "")
        if not signature:
            raise InvalidNotification("missing Stripe-Signature header")
        try:
            event = stripe.Webhook.construct_event(payload, signature, self.webhook_secret)
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise InvalidNotification(str(error)) from error
        if event.type not in PAID_EVENTS:
            return PaymentNotice(event_id=event.id, event_type=event.type)
        obj = event.to_dict()["data"]["object"]
        metadata = obj.get("metadata") or {}
        raw_invoice = metadata.get("invoice_id") or obj.get("client_reference_id")
        try:
            invoice_id = int(raw_invoice) if raw_invoice else None
        except (TypeError, ValueError):
            raise InvalidNotification("invoice_id is not a number") from None
        if event.type == "checkout.session.completed":
            if obj.get("payment_status") != "paid":
                # An asynchronous method not settled yet: payment_intent.succeeded will follow.
                return PaymentNotice(event_id=event.id, event_type=event.type)
            payment_id = obj.get("payment_intent") or obj.get("id")
            cents = obj.get("amount_total")
        else:
            payment_id = obj.get("id")
            cents = obj.get("amount_received", obj.get("amount"))
        if not isinstance(cents, int) or not payment_id:
            raise InvalidNotification("amount or payment id missing")
        return PaymentNotice(
            event_id=event.id,
            event_type=event.type,
            invoice_id=invoice_id,
            payment_id=f"stripe:{payment_id}",
            amount=(Decimal(cents) / 100).quantize(Decimal("0.01")),
            currency=(obj.get("currency") or "eur").lower(),
        )

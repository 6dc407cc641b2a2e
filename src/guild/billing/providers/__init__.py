"""Online payment providers behind one small interface.

A provider creates a hosted checkout page for an invoice's balance and turns its signed
notifications (webhooks) into :class:`PaymentNotice` objects; the billing services do the rest
(recording the payment idempotently). Only Stripe is implemented; another provider (e.g. a
French PSP) plugs in by implementing :class:`PaymentProvider` and being returned by
:func:`get_provider`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, runtime_checkable

from django.conf import settings


class ProviderError(Exception):
    """The provider refused or could not be reached (message safe to show to the payer)."""


class InvalidNotification(Exception):
    """A webhook whose signature or content is not valid: refuse it, write nothing."""


@dataclass(frozen=True)
class PaymentNotice:
    """What a provider's notification says: which event, and the money received if any.

    ``payment_id`` is the provider's identifier of the money (the same for every event about
    one payment); ``invoice_id`` comes from the metadata we attached at checkout. For events that
    do not carry a payment, ``amount`` is ``None``.
    """

    event_id: str
    event_type: str
    invoice_id: int | None = None
    payment_id: str = ""
    amount: Decimal | None = None
    currency: str = "eur"


@runtime_checkable
class PaymentProvider(Protocol):
    name: str

    def checkout_url(
        self, *, invoice, amount: Decimal, success_url: str, cancel_url: str
    ) -> str:  # pragma: no cover - protocol
        """Create a hosted payment page for ``amount`` of ``invoice``; return its URL."""

    def parse_notification(
        self, payload: bytes, headers
    ) -> PaymentNotice:  # pragma: no cover - protocol
        """Verify and decode a webhook; raise :class:`InvalidNotification` if not genuine."""


def get_provider() -> PaymentProvider | None:
    """The configured provider, or ``None`` when online payment is not set up."""
    if settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET:
        from guild.billing.providers.stripe import StripeProvider

        return StripeProvider(
            secret_key=settings.STRIPE_SECRET_KEY,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
            api_base=settings.STRIPE_API_BASE or None,
        )
    return None

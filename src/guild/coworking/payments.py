"""Where co-working meets billing (the one module that talks to it).

Billing was not merged when this was built, so a plan request stays "awaiting payment" and the
space manager records the payment here (``subscription_mark_paid``), which activates the plan.
When ``guild.billing`` exposes ``invoice_issue`` and ``register_paid_handler``, this module is
the only place to change: issue the invoice in ``subscription_request`` and activate from the
paid handler.
"""

from __future__ import annotations

from guild.coworking.models import Subscription
from guild.coworking.services import subscription_activate


def subscription_mark_paid(*, actor, subscription: Subscription) -> Subscription:
    return subscription_activate(actor=actor, subscription=subscription)

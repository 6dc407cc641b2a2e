"""Where co-working meets billing (the one module that talks to it).

Asking for a paid plan issues an invoice through billing (revenue source "coworking"); when the
treasurer records its payment, billing's paid hook activates the plan. The space manager can
still activate a plan by hand (``subscription_mark_paid``), e.g. for a payment taken at the
desk before it is entered in billing.
"""

from __future__ import annotations

from guild.coworking.models import Subscription

SOURCE_TYPE = "coworking.subscription"


def subscription_mark_paid(*, actor, subscription: Subscription) -> Subscription:
    from guild.coworking.services import subscription_activate

    return subscription_activate(actor=actor, subscription=subscription)


def subscription_invoice(subscription: Subscription):
    """Issue the plan's invoice (inside the request's transaction); free plans have none."""
    from guild.billing.services import invoice_issue
    from guild.members.models import Person

    plan = subscription.plan
    if plan.price <= 0:
        return None
    user = subscription.user
    return invoice_issue(
        actor=user,
        customer_name=user.display_name,
        customer_email=user.email,
        person=Person.objects.filter(user=user).first(),
        lines=[
            {
                "label": f"Coworking – {plan.name}",
                "quantity": 1,
                "unit_price": plan.price,
                "vat_rate": plan.vat_rate,
            }
        ],
        revenue_source="coworking",
        source_type=SOURCE_TYPE,
        source_id=str(subscription.pk),
    )


def on_invoice_paid(invoice) -> None:
    """Billing's paid handler: activate the plan the invoice was issued for."""
    from guild.coworking.services import subscription_activate

    subscription = Subscription.objects.filter(
        pk=int(invoice.source_id), status=Subscription.Status.AWAITING_PAYMENT
    ).first()
    if subscription is not None:
        subscription_activate(actor=None, subscription=subscription)


def connect() -> None:
    from guild.billing.hooks import register_paid_handler

    register_paid_handler(SOURCE_TYPE, on_invoice_paid)

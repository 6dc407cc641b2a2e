"""Where co-working meets billing (the one module that talks to it).

Asking for a paid plan issues an invoice through billing (revenue source "coworking"); when the
treasurer records its payment, billing's paid hook activates the plan. The space manager can
still activate a plan by hand (``subscription_mark_paid``), e.g. for a payment taken at the
desk before it is entered in billing.

Meeting-room use beyond a plan's monthly credits (``Booking.overage``) is invoiced once a
month per customer by ``usage_invoice_month`` (periodic job ``coworking.invoice_usage``).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import formats, timezone

from guild.coworking.models import Subscription

SOURCE_TYPE = "coworking.subscription"
# Room hire is a service taxed at the standard rate.
USAGE_VAT_RATE = Decimal("20.00")


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


USAGE_SOURCE_TYPE = "coworking.usage"


def _previous_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def usage_invoice_month(*, month: date | None = None, today: date | None = None) -> int:
    """Invoice, once per customer, the meeting-room use beyond plan credits of ``month``
    (default: the previous month). Safe to run any number of times: a customer's month is
    recorded in a ``UsageStatement`` (unique per user and month) in the same transaction as
    its invoice, so a second run — or a concurrent one — issues nothing. Returns the number
    of invoices issued."""
    from django.db import IntegrityError, transaction
    from django.db.models import Sum
    from django.utils import translation
    from django.utils.translation import gettext

    from guild.billing.services import invoice_issue
    from guild.coworking.models import Booking, UsageStatement
    from guild.coworking.services import month_bounds
    from guild.members.models import Person

    today = today or timezone.localdate()
    month = (month or _previous_month(today)).replace(day=1)
    start, end = month_bounds(month)
    if end.date() > today:
        return 0  # the month is not over yet
    due = (
        Booking.objects.filter(
            start__gte=start, start__lt=end, overage__gt=0, usage_statement__isnull=True
        )
        .values("user")
        .annotate(total=Sum("overage"))
        .order_by("user")
    )
    issued = 0
    for row in due:
        user_id = row["user"]
        if UsageStatement.objects.filter(user_id=user_id, month=month).exists():
            continue
        try:
            with transaction.atomic():
                statement = UsageStatement.objects.create(
                    user_id=user_id, month=month, amount=row["total"]
                )
                bookings = list(
                    Booking.objects.select_for_update(of=("self",))
                    .filter(
                        user_id=user_id,
                        start__gte=start,
                        start__lt=end,
                        overage__gt=0,
                        usage_statement__isnull=True,
                    )
                    .select_related("resource", "user")
                    .order_by("start")
                )
                if not bookings:
                    continue
                user = bookings[0].user
                with translation.override(settings.LANGUAGE_CODE):
                    lines = [
                        {
                            "label": gettext("%(resource)s on %(when)s (beyond the plan's credits)")
                            % {
                                "resource": booking.resource.name,
                                "when": formats.date_format(
                                    timezone.localtime(booking.start), "SHORT_DATETIME_FORMAT"
                                ),
                            },
                            "quantity": 1,
                            "unit_price": booking.overage,
                            "vat_rate": USAGE_VAT_RATE,
                        }
                        for booking in bookings
                    ]
                invoice = invoice_issue(
                    actor=None,
                    customer_name=user.display_name,
                    customer_email=user.email,
                    person=Person.objects.filter(user=user).first(),
                    lines=lines,
                    revenue_source="coworking",
                    source_type=USAGE_SOURCE_TYPE,
                    source_id=f"{user.pk}-{month:%Y-%m}",
                    issued_on=today,
                )
                statement.invoice = invoice
                statement.amount = sum((b.overage for b in bookings), Decimal(0))
                statement.save(update_fields=["invoice", "amount"])
                Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(
                    usage_statement=statement
                )
                issued += 1
        except IntegrityError:
            continue  # another run recorded this customer's month first
    return issued

"""The one place where events talks to billing.

A paid order is issued an invoice through ``guild.billing.services.invoice_issue`` when the
billing app provides it; billing calls back :func:`on_invoice_paid` (registered in
``apps.ready``) and the order is confirmed. Without billing, the order waits in "awaiting
payment" until staff mark it paid (``services.order_mark_paid``).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from guild.core.money import to_money

SOURCE_TYPE = "events.order"


def billing_available() -> bool:
    try:
        return find_spec("guild.billing.services") is not None and hasattr(
            import_module("guild.billing.services"), "invoice_issue"
        )
    except ImportError:  # pragma: no cover
        return False


def invoice_lines(order) -> list[dict]:
    lines: dict[tuple, dict] = {}
    for registration in order.registrations.select_related("ticket_type"):
        ticket_type = registration.ticket_type
        rate = ticket_type.vat_rate
        unit_net = to_money(registration.price * 100 / (100 + rate))
        key = (ticket_type.pk, unit_net)
        line = lines.setdefault(
            key,
            {
                "label": f"{order.event.name} – {ticket_type.name}",
                "quantity": 0,
                "unit_price": unit_net,
                "vat_rate": rate,
            },
        )
        line["quantity"] += 1
    return list(lines.values())


def payment_request(order) -> None:
    """Called inside the order's transaction when an order has something to pay."""
    if not billing_available():
        return
    services = import_module("guild.billing.services")
    invoice = services.invoice_issue(
        actor=order.user,
        customer_name=order.buyer_name,
        customer_email=order.buyer_email,
        organisation=order.organisation,
        lines=invoice_lines(order),
        revenue_source="trade_show",
        source_type=SOURCE_TYPE,
        source_id=str(order.pk),
    )
    order.invoice_ref = str(getattr(invoice, "number", "") or invoice.pk)[:40]
    order.save(update_fields=["invoice_ref"])


def on_invoice_paid(invoice) -> None:
    """Billing's paid handler: confirm the order the invoice was issued for."""
    from guild.events.models import Order
    from guild.events.services import order_mark_paid

    order = Order.objects.filter(pk=int(invoice.source_id)).first()
    if order is not None:
        order_mark_paid(
            actor=None, order=order, reference=str(getattr(invoice, "number", "") or invoice.pk)
        )


def connect() -> None:
    if find_spec("guild.billing.hooks") is None:
        return
    hooks = import_module("guild.billing.hooks")
    if hasattr(hooks, "register_paid_handler"):
        hooks.register_paid_handler(SOURCE_TYPE, on_invoice_paid)

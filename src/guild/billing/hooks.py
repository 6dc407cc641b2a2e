"""Other apps register what happens when one of their invoices is fully paid.

    from guild.billing.hooks import register_paid_handler
    register_paid_handler("events.order", lambda invoice: ...)

Handlers run after the payment's transaction commits (``transaction.on_commit``); they must be
idempotent (a handler may run again if an invoice is re-processed).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

logger = logging.getLogger(__name__)

_PAID_HANDLERS: dict[str, list[Callable]] = defaultdict(list)


def register_paid_handler(source_type: str, fn: Callable) -> None:
    if fn not in _PAID_HANDLERS[source_type]:
        _PAID_HANDLERS[source_type].append(fn)


def paid_handlers(source_type: str) -> list[Callable]:
    return list(_PAID_HANDLERS.get(source_type, ()))


def run_paid_handlers(invoice) -> None:
    """Run every handler; one that fails is logged and does not stop the others (the payment is
    already committed, and several invoices may be settled at once, e.g. a SEPA batch)."""
    for fn in paid_handlers(invoice.source_type):
        try:
            fn(invoice)
        except Exception:
            logger.exception("Paid handler %r failed for invoice %s", fn, invoice.number)

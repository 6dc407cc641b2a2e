"""Invoices are exported with the user's data; they are never erased (kept 10 years,
art. L123-22 of the French commercial code), so billing registers no eraser."""

from __future__ import annotations

from guild.billing.selectors import invoices_of_user


def export_user(user) -> dict:
    return {
        "invoices": [
            {
                "number": inv.number,
                "issued_on": inv.issued_on,
                "total": inv.total_gross,
                "status": inv.status,
            }
            for inv in invoices_of_user(user)
        ]
    }

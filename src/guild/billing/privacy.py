"""Invoices and the user's own SEPA mandates are exported with the user's data. Invoices are
never erased (kept 10 years, art. L123-22 of the French commercial code), nor are mandates,
which are part of the proof of the debits (kept as long as the invoices they paid), so billing
registers no eraser."""

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
        ],
        "sepa_mandates": [
            {
                "reference": mandate.reference,
                "debtor_name": mandate.debtor_name,
                "iban": mandate.iban,
                "bic": mandate.bic,
                "signed_on": mandate.signed_on,
                "status": mandate.status,
            }
            for mandate in _own_mandates(user)
        ],
    }


def _own_mandates(user):
    from guild.billing.models import SepaMandate

    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return SepaMandate.objects.none()
    return SepaMandate.objects.filter(person=person)

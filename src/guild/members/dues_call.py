"""The yearly dues call: the treasurer invoices every membership due and e-mails the invoices.

Safe to run twice: ``membership_invoice_dues`` returns the year's existing invoice and the
e-mails carry a dedupe key, so a second run sends nothing new.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from guild.core.audit import audit_log
from guild.core.outbox import email_queue
from guild.members.constants import MembershipStatus
from guild.members.models import Membership
from guild.members.services import membership_invoice_dues

S = MembershipStatus
DUE_STATUSES = (S.ACTIVE, S.AWAITING_PAYMENT, S.ADMITTED)


def memberships_due(year: int):
    return (
        Membership.objects.filter(status__in=DUE_STATUSES)
        .exclude(period_end__year__gt=year)
        .select_related("category", "organisation", "person", "contact")
        .order_by("pk")
    )


def dues_call_run(*, actor, year: int, send_emails: bool = True) -> dict:
    """Invoice the dues of ``year`` for every membership due; returns counts."""
    invoiced = emailed = 0
    for membership in memberships_due(year).iterator(chunk_size=500):
        with transaction.atomic():
            invoice = membership_invoice_dues(actor=actor, membership=membership, year=year)
            invoiced += 1
            if send_emails and invoice.status == invoice.Status.ISSUED and invoice.customer_email:
                email_queue(
                    to=invoice.customer_email,
                    template="members/email/dues_call",
                    context={
                        "invoice": invoice,
                        "membership": membership,
                        "year": year,
                        "url": settings.SITE_URL + reverse("members:my_membership"),
                    },
                    dedupe_key=f"dues-call:{invoice.number}",
                    category="members",
                )
                emailed += 1
    audit_log(
        actor=actor,
        action="membership.dues_call",
        target=None,
        data={"year": year, "invoiced": invoiced, "emailed": emailed},
    )
    return {"invoiced": invoiced, "emailed": emailed}

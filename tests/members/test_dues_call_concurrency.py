"""Two dues calls started at the same time invoice each membership once, numbers gap-free."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from guild.billing.models import Invoice
from guild.core.models import OutgoingEmail
from guild.members.dues_call import dues_call_run
from guild.members.models import Membership, MembershipCategory, Person


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_dues_calls_invoice_each_membership_once():
    category = MembershipCategory.objects.create(
        code="independant", name="Indépendant", holder="person", dues_amount=Decimal("60.00")
    )
    people = Person.objects.bulk_create(
        [Person(first_name="P", last_name=f"N{i}", email=f"p{i}@ex.fr") for i in range(40)]
    )
    Membership.objects.bulk_create(
        [Membership(category=category, person=p, contact=p, status="active") for p in people]
    )
    year = timezone.localdate().year + 1
    errors = []

    def work():
        try:
            dues_call_run(actor=None, year=year)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    invoices = Invoice.objects.filter(source_type="members.membership")
    assert invoices.count() == 40
    assert len(set(invoices.values_list("source_id", flat=True))) == 40
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 41))
    assert OutgoingEmail.objects.filter(dedupe_key__startswith="dues-call:").count() == 40

import pytest
from django.utils import timezone

from guild.billing.models import Invoice
from guild.core.models import OutgoingEmail
from guild.members.constants import MembershipStatus as S
from guild.members.dues_call import dues_call_run
from guild.members.services import membership_apply, membership_approve

pytestmark = pytest.mark.django_db


def test_dues_call_invoices_once_and_emails(
    person_category, company_category, organisation, contact
):
    year = timezone.localdate().year + 1
    membership = membership_apply(actor=None, category=person_category, person=contact)
    membership_approve(actor=None, membership=membership)
    membership_apply(actor=None, category=company_category, organisation=organisation)
    result = dues_call_run(actor=None, year=year)
    assert result == {"invoiced": 1, "emailed": 1}
    invoice = Invoice.objects.get(source_id=f"{membership.pk}:{year}")
    email = OutgoingEmail.objects.get(dedupe_key=f"dues-call:{invoice.number}")
    assert str(year) in email.subject
    assert invoice.number in email.body_text
    assert dues_call_run(actor=None, year=year) == {"invoiced": 1, "emailed": 1}
    assert Invoice.objects.filter(source_id=f"{membership.pk}:{year}").count() == 1
    assert OutgoingEmail.objects.filter(category="members").count() == 1
    membership.refresh_from_db()
    assert membership.status == S.AWAITING_PAYMENT

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


def test_dues_call_screen(client, make_user, person_category, contact):
    from django.urls import reverse

    membership = membership_apply(actor=None, category=person_category, person=contact)
    membership_approve(actor=None, membership=membership)
    client.force_login(make_user("staff"))
    assert client.get(reverse("members:dues_call")).status_code == 403
    client.force_login(make_user("treasurer"))
    assert "1 adhésion est appelée" in client.get(reverse("members:dues_call")).content.decode()
    year = timezone.localdate().year + 1
    response = client.post(reverse("members:dues_call"), {"year": year}, follow=True)
    assert "a été lancé" in response.content.decode()
    assert Invoice.objects.filter(source_id=f"{membership.pk}:{year}").exists()

import datetime as dt

import pytest
from django.utils import timezone

from guild.core.privacy import erasers, exporters
from guild.core.scheduling import jobs
from guild.members.models import Person
from guild.outreach import services
from guild.outreach.models import Contact
from guild.outreach.privacy import retention_purge

pytestmark = pytest.mark.django_db


def test_export_and_erase(user, make_contact, newsletter):
    contact = make_contact(user.email, [newsletter], first_name="Zoé")
    data = exporters()["outreach"](user)
    assert data["contacts"][0]["consents"][0]["wording"] == "J'accepte."
    erasers()["outreach"](user)
    contact.refresh_from_db()
    assert contact.anonymised_at
    assert contact.first_name == ""
    assert "@" in contact.email
    assert contact.email != user.email
    assert contact.consents.exists()  # proof kept, no longer tied to a person


def test_retention_purges_stale_prospects_and_unsubscribed(make_contact, newsletter):
    old = make_contact("old@example.org")
    Contact.objects.filter(pk=old.pk).update(
        last_activity_at=timezone.now() - dt.timedelta(days=3 * 365 + 1)
    )
    fresh = make_contact("fresh@example.org", [newsletter])
    gone = make_contact("gone@example.org", [newsletter])
    services.subscription_set(
        actor=None, contact=gone, mailing_list=newsletter, active=False, source="t"
    )
    Person.objects.create(first_name="M", last_name="M", email="member@example.org")
    member = make_contact("member@example.org")
    Contact.objects.filter(pk=member.pk).update(
        last_activity_at=timezone.now() - dt.timedelta(days=4000)
    )
    assert retention_purge() == 2
    anonymised = set(Contact.objects.exclude(anonymised_at=None).values_list("pk", flat=True))
    assert anonymised == {old.pk, gone.pk}
    assert fresh.pk not in anonymised
    assert "outreach.retention" in {job.name for job in jobs()}

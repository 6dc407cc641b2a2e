import pytest
from django.utils import timezone

from guild.outreach import services
from guild.outreach.models import Campaign, Contact, MailingList, Subscription


@pytest.fixture
def newsletter(db):
    return MailingList.objects.create(name="Lettre d'information", slug="newsletter")


@pytest.fixture
def salon(db):
    return MailingList.objects.create(name="Salon", slug="salon", kind=MailingList.Kind.TRADESHOW)


@pytest.fixture
def make_contact(db):
    def _make(email, lists=(), **fields):
        contact = services.contact_upsert(actor=None, email=email, **fields)
        for mailing_list in lists:
            services.subscription_set(
                actor=None,
                contact=contact,
                mailing_list=mailing_list,
                active=True,
                source="test",
                wording="J'accepte.",
            )
        return contact

    return _make


@pytest.fixture
def subscribers(make_contact, newsletter):
    return [
        make_contact(
            f"abonne{i}@example.org",
            [newsletter],
            first_name=f"Prénom{i}",
            departement="64" if i % 2 else "40",
        )
        for i in range(3)
    ]


@pytest.fixture
def make_campaign(db, newsletter):
    def _make(**kw):
        defaults = {
            "subject": "Bonjour {{ prenom }}",
            "preheader": "Les nouvelles",
            "body": "Bonjour **{{ prenom }}**, voir [le salon](https://example.org/salon).",
            "mailing_list": newsletter,
        }
        return Campaign.objects.create(**{**defaults, **kw})

    return _make


def active(contact, mailing_list) -> bool:
    return Subscription.objects.filter(
        contact=contact, mailing_list=mailing_list, status=Subscription.Status.ACTIVE
    ).exists()


__all__ = ["Contact", "timezone", "active"]

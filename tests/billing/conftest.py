from decimal import Decimal

import pytest

from guild.billing.models import RevenueSource
from guild.billing.services import invoice_issue

WEBHOOK_SECRET = "whsec_test_guild_billing"


@pytest.fixture
def treasurer(make_user):
    return make_user("treasurer", first_name="Thérèse", last_name="Trésor")


@pytest.fixture
def organisation(db):
    from guild.members.models import Organisation

    return Organisation.objects.create(
        legal_name="Limousin Data SAS",
        siren="732829320",
        email="contact@limousin-data.fr",
        headcount_band="11",
        postal_code="87000",
        city="Limoges",
    )


@pytest.fixture
def manager(db, make_user, organisation):
    """Claire manages the seats of Limousin Data's membership."""
    from guild.members.models import Membership, MembershipCategory, Person, Seat

    category = MembershipCategory.objects.create(
        code="entreprise",
        name="Entreprise",
        holder="organisation",
        dues_rule="fixed",
        dues_amount=Decimal("120.00"),
    )
    user = make_user(email="claire@limousin-data.fr")
    person = Person.objects.create(
        first_name="Claire", last_name="Dubois", email="claire@limousin-data.fr", user=user
    )
    membership = Membership.objects.create(category=category, organisation=organisation)
    Seat.objects.create(membership=membership, person=person, role=Seat.Role.MANAGER)
    return user


@pytest.fixture
def member(db, make_user):
    """Paul, an independent member (person holder of his invoices)."""
    from guild.members.models import Person

    user = make_user(email="paul@exemple.fr")
    Person.objects.create(first_name="Paul", last_name="Martin", email="paul@exemple.fr", user=user)
    return user


@pytest.fixture
def make_invoice(treasurer):
    def _make(amount="120.00", vat_rate=0, **kw):
        data = {
            "actor": treasurer,
            "customer_name": "Limousin Data SAS",
            "customer_email": "compta@limousin-data.fr",
            "lines": [
                {"label": "Cotisation", "quantity": 1, "unit_price": amount, "vat_rate": vat_rate}
            ],
            "revenue_source": RevenueSource.DUES,
        }
        data.update(kw)
        return invoice_issue(**data)

    return _make


@pytest.fixture
def stripe_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_guild"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_guild"
    return settings


@pytest.fixture
def sepa_settings(settings):
    settings.SEPA_CREDITOR_ID = "FR72ZZZ123456"
    settings.SEPA_CREDITOR_NAME = "Association Numérique Limousin"
    settings.SEPA_CREDITOR_IBAN = "FR7630006000011234567890189"
    settings.SEPA_CREDITOR_BIC = "AGRIFRPPXXX"
    return settings

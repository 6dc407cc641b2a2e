from decimal import Decimal

import pytest

from guild.members.models import MembershipCategory, Organisation, Person


@pytest.fixture
def treasurer(make_user):
    return make_user("treasurer", first_name="Thérèse", last_name="Trésor")


@pytest.fixture
def company_category(db):
    return MembershipCategory.objects.create(
        code="entreprise",
        name="Entreprise",
        holder="organisation",
        dues_rule="headcount",
        dues_amount=Decimal("150.00"),
        dues_table={"01": "100.00", "11": "400.00"},
        seats_fixed=2,
    )


@pytest.fixture
def person_category(db):
    return MembershipCategory.objects.create(
        code="independant",
        name="Indépendant",
        holder="person",
        dues_rule="fixed",
        dues_amount=Decimal("60.00"),
        period="rolling",
    )


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(
        legal_name="Limousin Data SAS",
        siren="732829320",
        email="contact@limousin-data.fr",
        headcount_band="11",
        postal_code="87000",
        city="Limoges",
    )


@pytest.fixture
def contact(db, make_user):
    user = make_user(email="claire@limousin-data.fr")
    return Person.objects.create(
        first_name="Claire", last_name="Dubois", email="claire@limousin-data.fr", user=user
    )

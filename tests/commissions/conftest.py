import pytest

from guild.commissions.models import Membership
from tests.commissions.factories import (
    ActionFactory,
    CommissionFactory,
    MembershipFactory,
    MissionFactory,
    association_member,
)


@pytest.fixture
def commission(db):
    return CommissionFactory(name="Salon du numérique", slug="salon")


@pytest.fixture
def chair(make_user, commission):
    person = association_member(make_user(first_name="Claire", last_name="Président"))
    MembershipFactory(commission=commission, user=person, role=Membership.Role.CHAIR)
    return person


@pytest.fixture
def member(make_user, commission):
    person = association_member(make_user(first_name="Marc", last_name="Membre"))
    MembershipFactory(commission=commission, user=person)
    return person


@pytest.fixture
def outsider(make_user):
    """A member of the association who is not (yet) in the commission."""
    return association_member(make_user(first_name="Olivier", last_name="Extérieur"))


@pytest.fixture
def non_member(make_user):
    """An account with no membership in good standing."""
    return make_user(first_name="Nina", last_name="Visiteuse")


@pytest.fixture
def mission(commission):
    return MissionFactory(commission=commission, title="Lancer le salon")


@pytest.fixture
def action(mission, member):
    return ActionFactory(mission=mission, title="Trouver un lieu", owners=[member])

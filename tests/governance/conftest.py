from datetime import date

import pytest

from guild.governance.models import Body
from guild.governance.services import declaration_submit, policy_create_version
from tests.governance.factories import person_with_user


@pytest.fixture
def policy(admin_user):
    return policy_create_version(
        actor=admin_user,
        data={"admission_mode": "sponsorship"},
        effective_from=date.today(),
        note="test",
    )


@pytest.fixture
def board(db):
    return Body.objects.create(
        kind=Body.Kind.BOARD, name="Conseil", slug="conseil", admission_body=True, seats=12
    )


@pytest.fixture
def board_members(board, make_user):
    """Three board members with users, declarations filed, mandates current."""
    from guild.governance.services import mandate_create

    members = []
    for index, role in enumerate(["president", "secretary", "member"]):
        user = make_user("board")
        person = person_with_user(user=user)
        declaration_submit(
            actor=user,
            person=person,
            year=date.today().year,
            data={"no_elected_office": True},
            offices=[],
        )
        mandate_create(
            actor=None, body=board, person=person, role=role, starts_on=date(2025, 1, index + 1)
        )
        members.append(user)
    return members

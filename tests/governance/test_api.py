from datetime import date

import pytest
from django.core.management import call_command

from guild.core import privacy
from guild.governance.models import Assembly, BylawsPolicy, Mandate
from guild.governance.services import declaration_submit
from tests.governance.factories import person_with_user

pytestmark = pytest.mark.django_db


def _declared_member(board, office=False):
    person = person_with_user()
    declaration_submit(
        actor=None,
        person=person,
        year=date.today().year,
        data={"employer": "Studio", "holdings": "secret", "no_elected_office": not office},
        offices=[
            {
                "title": "Adjointe au maire",
                "kind": "executive",
                "level": "commune",
                "starts_on": date(2020, 7, 1),
            }
        ]
        if office
        else [],
    )
    Mandate.objects.create(body=board, person=person, starts_on=date(2025, 1, 1))
    return person


def test_read_endpoints(client, user, board, policy, django_assert_max_num_queries):
    client.force_login(user)
    for _ in range(3):
        _declared_member(board, office=True)
    counts = {}
    for name in ("bodies", "mandates", "declarations", "assemblies"):
        with django_assert_max_num_queries(12):
            response = client.get(f"/api/v1/governance/{name}/")
        assert response.status_code == 200, name
        counts[name] = response.json()["count"]
    for _ in range(10):
        _declared_member(board, office=True)
    with django_assert_max_num_queries(12):
        data = client.get("/api/v1/governance/declarations/").json()
    with django_assert_max_num_queries(12):
        bodies = client.get("/api/v1/governance/bodies/").json()
    assert data["count"] == 13
    assert counts["mandates"] == 3
    first = data["results"][0]
    assert first["offices"][0]["title"] == "Adjointe au maire"
    assert first["employer"] == "Studio"
    assert "holdings" not in first  # never public
    assert len(bodies["results"][0]["members"]) == 13
    assert client.get("/api/v1/governance/assemblies/").json()["count"] == 0


def test_api_needs_authentication(client, db):
    assert client.get("/api/v1/governance/bodies/").status_code in {401, 403}


def test_privacy_export_and_erase(board, policy):
    person = _declared_member(board)
    exported = privacy.exporters()["governance"](person.user)
    assert exported["declarations"][0]["employer"] == "Studio"
    privacy.erasers()["governance"](person.user)
    assert person.declarations.exists()  # kept while the mandate runs
    Mandate.objects.filter(person=person).update(ended_on=date.today())
    privacy.erasers()["governance"](person.user)
    assert not person.declarations.exists()
    other = person_with_user()
    other.user.person = None
    assert privacy.exporters()["governance"](other.user)["board_votes"] == []


def test_demo_is_idempotent(db):
    call_command("demo")
    call_command("demo")
    assert BylawsPolicy.objects.count() == 1
    assert Assembly.objects.count() == 1
    assert Mandate.objects.filter(role="president").count() == 2

"""Members API: who sees which organisations, people and memberships."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from guild.api.models import ApiToken, hash_token, new_raw_token
from guild.members.models import Organisation, Person
from guild.members.services import membership_apply

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/members/organisations/"
PEOPLE = "/api/v1/members/people/"
MEMBERSHIPS = "/api/v1/members/memberships/"


def token_client(user, scopes=("read",)):
    raw = new_raw_token()
    ApiToken.objects.create(
        user=user, name="t", prefix=raw[:8], token_hash=hash_token(raw), scopes=list(scopes)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def world(company_category, person_category, organisation, contact, make_user):
    """Limousin Data (managed by Claire, employing Paul), an independent, another company."""
    contact.organisation = organisation
    contact.save()
    company = membership_apply(
        actor=None, category=company_category, organisation=organisation, contact=contact
    )
    paul = Person.objects.create(
        first_name="Paul",
        last_name="Salarié",
        email="paul@limousin-data.fr",
        organisation=organisation,
    )
    solo_user = make_user(email="ines@example.fr")
    solo = Person.objects.create(
        first_name="Inès", last_name="Solo", email="ines@example.fr", user=solo_user
    )
    solo_membership = membership_apply(actor=None, category=person_category, person=solo)
    other = Organisation.objects.create(legal_name="Autre SARL", siren="552100554")
    boss = Person.objects.create(first_name="Bob", last_name="Autre", email="bob@autre.fr")
    other_membership = membership_apply(
        actor=None, category=company_category, organisation=other, contact=boss
    )
    return {
        "company": company,
        "paul": paul,
        "solo": solo,
        "solo_user": solo_user,
        "solo_membership": solo_membership,
        "other": other,
        "boss": boss,
        "other_membership": other_membership,
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_staff_sees_everything_and_searches(world, make_user):
    staff = token_client(make_user("staff"))
    assert len(_ids(staff.get(ORGS))) == 2
    assert len(_ids(staff.get(PEOPLE))) == 4
    assert len(_ids(staff.get(MEMBERSHIPS))) == 3
    assert _ids(staff.get(ORGS, {"search": "autre"})) == {world["other"].pk}
    assert _ids(staff.get(PEOPLE, {"search": "salarié"})) == {world["paul"].pk}
    rows = staff.get(MEMBERSHIPS, {"category": "independant"}).json()["results"]
    assert [r["holder_name"] for r in rows] == ["Inès Solo"]
    assert rows[0]["category"] == "independant" and rows[0]["status"] == "applied"


def test_manager_sees_their_organisation_and_its_people(world, organisation, contact):
    manager = token_client(contact.user)
    assert _ids(manager.get(ORGS)) == {organisation.pk}
    assert _ids(manager.get(PEOPLE)) == {contact.pk, world["paul"].pk}
    assert _ids(manager.get(MEMBERSHIPS)) == {world["company"].pk}
    assert manager.get(f"{ORGS}{world['other'].pk}/").status_code == 404
    response = manager.get(f"{PEOPLE}{world['boss'].pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_member_sees_only_themselves(world):
    member = token_client(world["solo_user"])
    assert _ids(member.get(ORGS)) == set()
    assert _ids(member.get(PEOPLE)) == {world["solo"].pk}
    assert _ids(member.get(MEMBERSHIPS)) == {world["solo_membership"].pk}


def test_nobody_else_sees_personal_data(world, make_user):
    stranger = token_client(make_user(email="x@example.fr"))
    for url in (ORGS, PEOPLE, MEMBERSHIPS):
        assert _ids(stranger.get(url)) == set()
    anonymous = APIClient()
    response = anonymous.get(PEOPLE)
    assert response.status_code in {401, 403}
    assert "error" in response.json()


def test_token_needs_the_read_scope_and_api_is_read_only(world, make_user):
    user = make_user("staff")
    writer = token_client(user, scopes=["write"])
    response = writer.get(PEOPLE)
    assert response.status_code == 403
    reader = token_client(user)
    response = reader.post(PEOPLE, {"first_name": "X"}, format="json")
    assert response.status_code in {403, 405}
    assert Person.objects.filter(first_name="X").count() == 0


def test_list_query_count_does_not_grow(world, make_user, person_category):
    staff = token_client(make_user("staff"))
    staff.get(MEMBERSHIPS)  # first use records the token's last_used_at
    with CaptureQueriesContext(connection) as few:
        staff.get(MEMBERSHIPS)
        staff.get(ORGS)
        staff.get(PEOPLE)
    for i in range(8):
        person = Person.objects.create(first_name="N", last_name=f"{i}", email=f"n{i}@ex.fr")
        membership_apply(actor=None, category=person_category, person=person)
    with CaptureQueriesContext(connection) as many:
        staff.get(MEMBERSHIPS)
        staff.get(ORGS)
        staff.get(PEOPLE)
    assert len(many.captured_queries) == len(few.captured_queries)

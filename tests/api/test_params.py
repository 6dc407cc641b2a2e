"""A filter or page size the API does not understand is a clear, French 400: never silently
ignored (``?status=payed`` used to answer with every invoice)."""

import pytest
from rest_framework.test import APIClient

from guild.api.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(make_user):
    def _client(*roles):
        _token, raw = api_token_create(actor=make_user(*roles), name="Essai", scopes=["read"])
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return client

    return _client


def _refusal(response, name):
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    return error["details"][name][0]


def test_an_unknown_status_filter_is_refused(api):
    client = api("treasurer")
    message = _refusal(client.get("/api/v1/billing/invoices/?status=payed"), "status")
    assert message.startswith("Valeur inconnue « payed » ; valeurs possibles : ")
    assert "paid" in message
    assert client.get("/api/v1/billing/invoices/?status=paid").status_code == 200
    assert client.get("/api/v1/billing/invoices/?status=").status_code == 200  # no filter


@pytest.mark.parametrize(
    ("query", "name"),
    [("status=doing", "status"), ("horizon=soon", "horizon"), ("owner=moi", "owner")],
)
def test_action_filters_are_checked(api, query, name):
    response = api("administrator").get(f"/api/v1/commission-actions/?{query}")
    assert _refusal(response, name)


def test_membership_status_and_availability_filters_are_checked(api):
    assert _refusal(api("staff").get("/api/v1/members/memberships/?status=paid"), "status")
    assert api("staff").get("/api/v1/members/memberships/?status=active").status_code == 200
    assert _refusal(api().get("/api/v1/directory/?availability=soon"), "availability")


def test_directory_skill_must_be_an_id(api):
    client = api()
    message = _refusal(client.get("/api/v1/directory/?skill=django"), "skill")
    assert message == "Saisissez un nombre entier au moins égal à 1."


@pytest.mark.parametrize("size", ["abc", "0", "-5", "2.5"])
def test_a_page_size_that_is_not_a_positive_whole_number_is_refused(size):
    response = APIClient().get(f"/api/v1/events/?page_size={size}")
    assert _refusal(response, "page_size") == "Saisissez un nombre entier au moins égal à 1."


def test_a_large_page_size_is_capped_as_documented(make_user):
    from tests.events.factories import EventFactory

    for _ in range(3):
        EventFactory(status="open")
    response = APIClient().get("/api/v1/events/?page_size=2")
    assert response.status_code == 200
    assert (response.json()["count"], len(response.json()["results"])) == (3, 2)
    assert APIClient().get("/api/v1/events/?page_size=100000").status_code == 200

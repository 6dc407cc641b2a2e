"""A NUL character (``%00``) in an address, a search or a cookie: PostgreSQL's driver refuses
any query holding one, which used to end in an error 500. Now: a clear 400, nothing run."""

import json

import pytest
from rest_framework.test import APIClient

from guild.api.services import api_token_create
from guild.core.views import errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/manage/members/?q=a%00b",  # a search box
        "/events/order/AB%00C/not-a-secret/",  # an order link, read from the address
        "/coworking/door/ab%00c/",
        "/commissions/calendar/a%00b.ics",
        "/?x%00=1",  # in a parameter's name
    ],
)
def test_a_nul_in_the_address_is_a_french_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_a_nul_in_an_api_search_is_a_json_400(user):
    _token, raw = api_token_create(actor=user, name="Lecture", scopes=["read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = api.get("/api/v1/members/people/?search=a%00b")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert response.json()["error"]["message"] == "La requête n'a pas pu être comprise."


def test_a_cookie_holding_a_nul_is_ignored(client):
    # A forged session cookie: Django unquotes the octal escape to a NUL character.
    forged = 'sessionid="abcdefghijkl\\000mnop"'
    response = client.get("/account/", HTTP_COOKIE=forged)
    assert response.status_code == 302  # no session: to the sign-in page, not an error 500
    assert "/auth/login/" in response["Location"]


def test_api_errors_outside_views_use_the_api_format(rf):
    request = rf.get("/api/v1/events/")
    response = errors.server_error(request)
    assert response.status_code == 500
    assert json.loads(response.content) == {
        "error": {
            "code": "server_error",
            "message": "Une erreur s'est produite sur le serveur.",
            "details": {},
        }
    }


def test_a_nul_in_a_web_form_is_a_french_400(client):
    # Views that read a field as is (a refusal's reason, a role) would store or look it up.
    response = client.post(
        "/auth/login/",
        "login=a%00b%40example.org&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_a_nul_in_a_multipart_form_is_left_to_the_form(client):
    # Multipart bodies are not read ahead (a view may read the stream); the form refuses it.
    response = client.post("/auth/login/", {"login": "a\x00b@example.org", "password": "x"})
    assert response.status_code == 200
    assert "caractère nul" in response.content.decode()

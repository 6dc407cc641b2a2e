"""A NUL character anywhere in a request body is a clear 400, never an error 500 (a field that
looks an object up used to send it to PostgreSQL, whose driver refuses such text)."""

import json

import pytest
from rest_framework.test import APIClient

from guild.api.services import api_token_create

pytestmark = pytest.mark.django_db

MESSAGE = "La requête contient un caractère nul (\\0), qu'aucun champ n'accepte."


@pytest.fixture
def admin_api(make_user):
    _token, raw = api_token_create(
        actor=make_user("administrator"), name="Essai", scopes=["read", "write", "admin"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def _refused(response):
    assert response.status_code == 400, response.content
    assert response.json()["error"] == {"code": "parse_error", "message": MESSAGE, "details": {}}


def test_json_with_a_nul_in_a_looked_up_value(admin_api):
    body = {"commission": "numerique\x00", "title": "Former les TPE"}
    _refused(admin_api.post("/api/v1/commission-missions/", body, format="json"))


def test_json_with_a_nul_deep_inside_or_in_a_key(admin_api):
    body = json.dumps({"title": "T", "extra": [{"a\x00": 1}]})
    response = admin_api.post("/api/v1/commission-missions/", body, content_type="application/json")
    _refused(response)


def test_forms_with_a_nul(admin_api):
    _refused(
        admin_api.post(
            "/api/v1/outreach/subscriptions/",
            "email=a%40b.fr&list=lettre%00",
            content_type="application/x-www-form-urlencoded",
        )
    )
    _refused(
        admin_api.post(
            "/api/v1/outreach/subscriptions/", {"list": "lettre\x00"}, format="multipart"
        )
    )


def test_a_clean_body_still_reaches_the_field_checks(admin_api):
    response = admin_api.post(
        "/api/v1/commission-missions/", {"commission": "inconnue", "title": "T"}, format="json"
    )
    assert response.status_code == 400
    assert "commission" in response.json()["error"]["details"]

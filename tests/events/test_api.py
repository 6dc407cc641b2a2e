from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from guild.api.models import ApiToken, hash_token, new_raw_token
from guild.events.models import Scan

pytestmark = pytest.mark.django_db


def token_client(user, scopes):
    raw = new_raw_token()
    ApiToken.objects.create(
        user=user, name="t", prefix=raw[:8], token_hash=hash_token(raw), scopes=scopes
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_events_and_ticket_types_are_public(event, ticket_type):
    client = APIClient()
    data = client.get("/api/v1/events/").json()
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    assert [e["slug"] for e in rows] == [event.slug]
    assert client.get(f"/api/v1/events/{event.slug}/").json()["name"] == event.name
    types = client.get(f"/api/v1/events/{event.slug}/ticket-types/").json()
    assert types[0]["left"] == 10


def test_order_create_and_refusal(event, ticket_type, make_user):
    client = token_client(make_user(), ["read", "write"])
    body = {
        "buyer_name": "Léa D",
        "buyer_email": "lea@example.org",
        "attendees": [{"ticket_type": ticket_type.pk, "first_name": "Léa", "last_name": "D"}],
    }
    response = client.post(f"/api/v1/events/{event.slug}/orders/", body, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "confirmed"
    body["voucher"] = "NOPE"
    response = client.post(f"/api/v1/events/{event.slug}/orders/", body, format="json")
    assert response.status_code == 400
    assert "valable" in str(response.json())
    read_only = token_client(make_user(), ["read"])
    assert (
        read_only.post(f"/api/v1/events/{event.slug}/orders/", body, format="json").status_code
        == 403
    )


def test_registrations_need_staff(event, register, make_user, staff_user):
    register(3)
    url = f"/api/v1/events/{event.slug}/registrations/"
    assert token_client(make_user(), ["read"]).get(url).status_code == 403
    staff = token_client(staff_user, ["read"])
    data = staff.get(url).json()
    rows = data.get("results", data)
    assert len(rows) == 3
    one = staff.get(f"{url}{rows[0]['id']}/").json()
    assert one["email"]


def test_registrations_query_count_flat(
    event, register, staff_user, quota, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    quota.size = 100
    quota.save()
    staff = token_client(staff_user, ["read"])
    url = f"/api/v1/events/{event.slug}/registrations/"
    register(3)
    staff.get(url)  # the token's first use records last_used_at
    with CaptureQueriesContext(connection) as small:
        staff.get(url)
    for _ in range(9):
        register(3)
    with CaptureQueriesContext(connection) as large:
        staff.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_redeem_endpoint(register, checkin_list, make_user):
    registration = register(1).registrations.get()
    door = token_client(make_user("checkin"), ["checkin"])
    body = {
        "token": registration.token,
        "list": checkin_list.pk,
        "nonce": "n1",
        "direction": "entry",
        "scanned_at": "2026-11-28T09:12:00+01:00",
        "gate": "B",
    }
    first = door.post("/api/v1/checkin/redeem/", body, format="json").json()
    assert first["status"] == "ok"
    assert first["reason"] == "ok"
    again = door.post("/api/v1/checkin/redeem/", body, format="json").json()
    assert again["replayed"]
    assert Scan.objects.count() == 1
    second = door.post("/api/v1/checkin/redeem/", body | {"nonce": "n2"}, format="json").json()
    assert second["status"] == "error"
    assert second["reason"] == "already_in"
    assert "09:12" in second["message"]
    assert second["previous"]["gate"] == "B"
    forged = door.post(
        "/api/v1/checkin/redeem/", body | {"nonce": "n3", "token": "G1.1.x.y"}, format="json"
    ).json()
    assert forged["reason"] == "invalid_token"
    bad = door.post(
        "/api/v1/checkin/redeem/", body | {"nonce": "n4", "list": 999999}, format="json"
    )
    assert bad.status_code == 400
    no_scope = token_client(make_user("checkin"), ["read"])
    assert no_scope.post("/api/v1/checkin/redeem/", body, format="json").status_code == 403
    not_staff = token_client(make_user(), ["checkin"])
    assert not_staff.post("/api/v1/checkin/redeem/", body, format="json").status_code == 403

"""The door and registration hot paths: how many statements they cost, the scan numbering
that replaces the row lock, the cached token verdict, the confirmation task written with the
order, and the directly drawn badge PDF."""

from __future__ import annotations

import re
import uuid
import zlib

import pytest
from django.db import connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from guild.api.models import ApiToken, hash_token, new_raw_token
from guild.core import sql
from guild.events import badge_pdf
from guild.events.badges import render_badges
from guild.events.models import Quota, Scan
from guild.events.selectors import badges_for_print
from guild.events.services import Attendee, EventsError, checkin_redeem, order_place

pytestmark = pytest.mark.django_db


def token_client(user, scopes):
    raw = new_raw_token()
    token = ApiToken.objects.create(
        user=user, name="t", prefix=raw[:8], token_hash=hash_token(raw), scopes=scopes
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client, token


@pytest.fixture
def checkin_user(make_user):
    return make_user("checkin")


def redeem(registration, checkin_list, direction="entry", nonce=None):
    return checkin_redeem(
        actor=None,
        token=registration.token,
        list_id=checkin_list.pk,
        nonce=nonce or uuid.uuid4().hex,
        direction=direction,
    )


def test_a_first_entry_is_one_statement_and_the_badge_scans_are_numbered(
    register, checkin_list, django_assert_num_queries
):
    registration = register(1).registrations.get()
    redeem(registration, checkin_list, direction="exit")  # refused: caches the list
    # PostgreSQL: the badge with its scans, and the first entry written, in one statement;
    # SQLite: the read, then INSERT … ON CONFLICT DO NOTHING.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        assert redeem(registration, checkin_list).accepted
    with django_assert_num_queries(1):  # a refusal writes nothing
        assert redeem(registration, checkin_list).reason == "already_in"
    with django_assert_num_queries(2):  # not a first entry: read, then insert
        assert redeem(registration, checkin_list, direction="exit").accepted
    assert redeem(registration, checkin_list).accepted
    assert list(
        Scan.objects.filter(registration=registration)
        .order_by("seq")
        .values_list("seq", "direction")
    ) == [(1, "entry"), (2, "exit"), (3, "entry")]


def test_a_scan_whose_number_is_taken_reads_again_and_is_refused(register, checkin_list):
    """What a losing concurrent scan sees: the number it would write exists already (written
    by the winner), so nothing is written and the answer comes from the winner's scan."""
    registration = register(1).registrations.get()
    assert redeem(registration, checkin_list, nonce="winner").accepted
    duplicate = sql.insert_or_skip(
        Scan(
            nonce="loser",
            checkin_list_id=checkin_list.pk,
            registration_id=registration.pk,
            direction="entry",
            gate="",
            scanned_at=timezone.now(),
            offline=False,
            user_id=None,
            seq=1,
        )
    )
    assert duplicate is None
    assert Scan.objects.filter(registration=registration).count() == 1
    replay = redeem(registration, checkin_list, nonce="winner")
    assert replay.accepted and replay.replayed


def test_redeem_api_after_the_first_call_costs_the_redeem_statements_only(
    register, checkin_list, checkin_user, django_assert_num_queries
):
    client, _token = token_client(checkin_user, ["checkin"])
    registrations = list(register(2).registrations.all())
    body = {"list": checkin_list.pk, "direction": "entry"}
    first = client.post(
        "/api/v1/checkin/redeem/",
        {**body, "token": registrations[0].token, "nonce": "n1"},
        format="json",
    )
    assert first.json()["status"] == "ok"
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        second = client.post(
            "/api/v1/checkin/redeem/",
            {**body, "token": registrations[1].token, "nonce": "n2"},
            format="json",
        )
    assert second.json()["status"] == "ok"


def test_revoked_token_refused_at_once_without_the_cache(
    register, checkin_list, checkin_user, settings
):
    settings.EVENTS_API_AUTH_CACHE_SECONDS = 0
    client, token = token_client(checkin_user, ["checkin"])
    registration = register(1).registrations.get()
    body = {"token": registration.token, "list": checkin_list.pk, "nonce": "a"}
    assert client.post("/api/v1/checkin/redeem/", body, format="json").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert client.post("/api/v1/checkin/redeem/", body, format="json").status_code == 401


def test_unknown_token_is_refused_and_not_cached(checkin_list):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer gld_nope")
    body = {"token": "x", "list": checkin_list.pk, "nonce": "a"}
    assert client.post("/api/v1/checkin/redeem/", body, format="json").status_code == 401
    assert client.post("/api/v1/checkin/redeem/", body, format="json").status_code == 401


def test_order_api_statement_count(event, ticket_type, make_user, django_assert_max_num_queries):
    client, _token = token_client(make_user(), ["read", "write"])
    url = f"/api/v1/events/{event.slug}/orders/"

    def body(i):
        return {
            "buyer_name": f"V {i}",
            "buyer_email": f"v{i}@example.org",
            "attendees": [{"ticket_type": ticket_type.pk, "first_name": "V", "last_name": str(i)}],
        }

    assert client.post(url, body(0), format="json").status_code == 201
    # event, ticket types with their quotas, quota UPDATE, order, registrations (+ the
    # confirmation task and the savepoint statements of the test transaction)
    with django_assert_max_num_queries(9):
        response = client.post(url, body(1), format="json")
    assert response.status_code == 201
    assert len(response.json()["registrations"]) == 1


def test_conditional_quota_update_sells_out_and_rolls_back(event, ticket_type, quota):
    Quota.objects.filter(pk=quota.pk).update(size=3)
    second = Quota.objects.create(event=event, name="Second", size=2)
    ticket_type.quotas.add(second)
    people = [Attendee(ticket_type_id=ticket_type.pk, first_name="A", last_name="B", email="")] * 3
    with pytest.raises(EventsError) as error:
        order_place(
            actor=None, event=event, attendees=people, buyer_name="A", buyer_email="a@ex.org"
        )
    assert error.value.code == "sold_out"
    # the first quota's places were given back by the rollback
    assert Quota.objects.get(pk=quota.pk).used == 0
    assert Quota.objects.get(pk=second.pk).used == 0


def test_confirmation_task_row_commits_or_rolls_back_with_the_order(register, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    before = DBTaskResult.objects.count()
    seen = []

    def abandoned_order():
        with transaction.atomic():
            register(1)
            seen.append(DBTaskResult.objects.count())
            raise RuntimeError("abandon the order")

    with pytest.raises(RuntimeError):
        abandoned_order()
    assert seen == [before + 1]
    assert DBTaskResult.objects.count() == before
    register(1)
    assert DBTaskResult.objects.count() == before + 1


def _inflated(pdf: bytes) -> bytes:
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(stream))
        except zlib.error:
            out.append(stream)
    return b"\n".join(out)


@pytest.mark.skipif(not badge_pdf.available(), reason="DejaVu fonts not installed")
def test_direct_badge_pdf(register, event):
    register(5, first_name="Éloïse", last_name="Œuvray d’Estaing")
    registrations = list(badges_for_print(event))
    pdf = render_badges(registrations, event, layout="a4")
    assert pdf.startswith(b"%PDF-1.7")
    body = _inflated(pdf) + pdf
    assert b"/Count 2" in body  # five badges: two A4 sheets
    assert b"DejaVuSans-Bold" in body and b"/FontFile2" in body
    for char in "ÉŒ’":  # mapped back to Unicode (copy, search, screen readers)
        assert f"<{ord(char):04x}>".encode() in body
    single = render_badges(registrations[:1], event, layout="a6")
    assert b"/Count 1" in _inflated(single) + single
    # the HTML engine remains available and gives the same page count
    assert render_badges(registrations[:1], event, layout="a6", engine="weasyprint").startswith(
        b"%PDF"
    )

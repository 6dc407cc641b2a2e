"""The lean WSGI path (``events/hotpath.py``) answers exactly as the API views would.

Every case goes through Guild's real WSGI application twice from the same database state
(a savepoint rolled back in between): once as deployed, once with ``EVENTS_HOT_PATH`` off
(Django and DRF answer). Status, JSON body, headers and rows written must agree, and the
request-started signal, which only Django's handler sends, tells which one answered, so a
case the hot path is meant to answer cannot silently fall back to Django (nor the other way
round)."""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import timedelta

import pytest
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone

from guild.api.models import ApiToken, hash_token, new_raw_token
from guild.config.wsgi import application
from guild.events.models import Order, OrderStatus, Quota, Registration, Scan
from guild.events.tokens import make_token as sign
from tests.events.factories import CheckinListFactory, EventFactory

pytestmark = pytest.mark.django_db

REDEEM = "/api/v1/checkin/redeem/"
COMPARED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Content-Security-Policy",
)


class Answer:
    def __init__(self, status, headers, body, handler):
        self.status = int(status.split()[0])
        self.headers = dict(headers)
        self.body = body
        self.handler = handler

    def json(self):
        return json.loads(self.body)


@pytest.fixture
def wsgi():
    """Call the deployed WSGI application. Like Django's test client, the request signals do
    not close the test's database connection (the test runs in a transaction)."""
    senders = []

    def record(sender, **kwargs):
        senders.append(sender)

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.connect(record)

    def call(path, payload, token, *, hot=True, raw=None, **headers):
        body = raw if raw is not None else json.dumps(payload).encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "localhost",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_ACCEPT": "application/json",
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": io.StringIO(),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        if token:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        environ.update(headers)
        started = []
        senders.clear()
        with override_settings(EVENTS_HOT_PATH=hot):
            result = application(environ, lambda status, hdrs, *a: started.append((status, hdrs)))
            try:
                content = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        handler = "django" if senders else "hot"  # only Django's handler sends it
        return Answer(*started[0], content, handler)

    yield call
    signals.request_started.disconnect(record)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def make_token(user, scopes):
    raw = new_raw_token()
    ApiToken.objects.create(
        user=user, name="t", prefix=raw[:8], token_hash=hash_token(raw), scopes=scopes
    )
    return raw


@pytest.fixture
def door_token(make_user, wsgi, checkin_list):
    """A check-in staff token, already verified once (its first call goes through the API's
    authentication, which the hot path then trusts for a few seconds)."""
    token = make_token(make_user("checkin"), ["checkin"])
    first = wsgi(REDEEM, {"token": "x", "list": checkin_list.pk, "nonce": "warm"}, token)
    assert first.handler == "django" and first.json()["reason"] == "invalid_token"
    return token


@pytest.fixture
def kiosk_token(make_user, wsgi, event):
    token = make_token(make_user(), ["read", "write"])
    first = wsgi(f"/api/v1/events/{event.slug}/orders/", {"attendees": "x"}, token)
    assert first.handler == "django" and first.status == 400
    return token


def both(wsgi, path, payload, token, snapshot, **headers):
    """The same request from the same state through the hot path and through Django."""
    answers = []
    for hot in (True, False):
        with transaction.atomic():
            answer = wsgi(path, payload, token, hot=hot, **headers)
            answer.rows = snapshot()
            transaction.set_rollback(True)
        answers.append(answer)
    return answers


def assert_same(hot, django, *, handler="hot", body=None):
    assert (hot.handler, django.handler) == (handler, "django")
    assert hot.status == django.status
    assert (body or (lambda a: a.json()))(hot) == (body or (lambda a: a.json()))(django)
    for name in COMPARED_HEADERS:
        assert hot.headers.get(name) == django.headers.get(name), name
    assert hot.rows == django.rows


def scans():
    return sorted(
        Scan.objects.values_list(
            "nonce", "registration_id", "checkin_list_id", "direction", "gate", "seq", "offline"
        )
    )


def redeem_body(registration, checkin_list, **extra):
    return {
        "token": registration.token,
        "list": checkin_list.pk,
        "nonce": uuid.uuid4().hex,
        **extra,
    }


def test_accepted_entry_is_the_same_answer(wsgi, door_token, register, checkin_list):
    registration = register(1).registrations.get()
    body = redeem_body(registration, checkin_list, gate="Porte B", direction="entry")
    hot, django = both(wsgi, REDEEM, body, door_token, scans)
    assert_same(hot, django)
    assert hot.json()["status"] == "ok" and hot.json()["message"] == "Bienvenue !"
    assert hot.headers["Content-Language"] == "fr"
    assert len(hot.rows) == 1


@pytest.mark.parametrize(
    "case",
    [
        "already_in",
        "replay",
        "invalid_token",
        "unknown",
        "cancelled",
        "wrong_event",
        "not_inside",
        "exit_after_entry",
        "scanned_at_naive",
        "scanned_at_aware",
        "offline",
        "nonce_conflict",
    ],
)
def test_redeem_answers_agree(wsgi, door_token, register, checkin_list, case):
    first, second = register(2).registrations.order_by("pk")
    body = redeem_body(first, checkin_list)
    if case in {"already_in", "exit_after_entry", "replay", "nonce_conflict"}:
        earlier = wsgi(REDEEM, {**body, "gate": "A"}, door_token)
        assert earlier.handler == "hot" and earlier.json()["status"] == "ok"
        if case == "replay":
            pass  # the same nonce again
        elif case == "nonce_conflict":
            body = redeem_body(second, checkin_list, nonce=body["nonce"])
        else:
            body["nonce"] = uuid.uuid4().hex
        if case == "exit_after_entry":
            body["direction"] = "exit"
    elif case == "invalid_token":
        body["token"] = first.token[:-3] + "AAA"
    elif case == "unknown":
        body["token"] = sign(99_999_999, first.badge_key)  # well signed, no such badge
    elif case == "cancelled":
        Registration.objects.filter(pk=first.pk).update(status=OrderStatus.CANCELLED)
    elif case == "wrong_event":
        body["list"] = CheckinListFactory(event=EventFactory()).pk
    elif case == "not_inside":
        body["direction"] = "exit"
    elif case == "scanned_at_naive":
        body["scanned_at"] = timezone.localtime().replace(tzinfo=None).isoformat()
    elif case == "scanned_at_aware":
        body["scanned_at"] = (timezone.now() - timedelta(minutes=3)).isoformat()
    elif case == "offline":
        body.update(offline=True, gate="Porte Nord")
    hot, django = both(wsgi, REDEEM, body, door_token, scans)
    assert_same(hot, django)
    expected = {
        "already_in": "already_in",
        "replay": "ok",
        "invalid_token": "invalid_token",
        "unknown": "unknown",
        "cancelled": "cancelled",
        "wrong_event": "wrong_event",
        "not_inside": "not_inside",
        "exit_after_entry": "ok",
        "scanned_at_naive": "ok",
        "scanned_at_aware": "ok",
        "offline": "ok",
        "nonce_conflict": "nonce_conflict",
    }[case]
    assert hot.json()["reason"] == expected


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"list": "12"}, 200),  # DRF accepts a number written as a string
        ({"list": 999_999}, 400),  # unknown list
        ({"nonce": ""}, 400),
        ({"nonce": None}, 400),
        ({"direction": "sideways"}, 400),
        ({"scanned_at": "yesterday"}, 400),
        ({"offline": "yes"}, 200),
        ({"gate": "G" * 41}, 400),
        ({"token": 12}, 200),
    ],
)
def test_anything_unusual_is_answered_by_the_api(
    wsgi, door_token, register, checkin_list, change, status
):
    registration = register(1).registrations.get()
    body = {**redeem_body(registration, checkin_list), **change}
    if change.get("list") == "12":
        body["list"] = str(checkin_list.pk)
    answer = wsgi(REDEEM, body, door_token)
    assert answer.handler == "django"
    assert answer.status == status
    if status == 400:
        assert answer.json()["error"]["code"] == "invalid"
        assert not Scan.objects.exists()


def test_requests_the_hot_path_leaves_to_django(
    wsgi, door_token, register, checkin_list, make_user
):
    registration = register(1).registrations.get()
    body = redeem_body(registration, checkin_list)
    # a browser (cookie), another host, malformed JSON, another content type
    browser = wsgi(REDEEM, body, door_token, HTTP_COOKIE="a=b")
    assert browser.handler == "django" and browser.json()["status"] == "ok"
    body["nonce"] = uuid.uuid4().hex
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        bad_host = wsgi(REDEEM, body, door_token, HTTP_HOST="evil.example")
    assert bad_host.handler == "django" and bad_host.status == 400
    assert wsgi(REDEEM, None, door_token, raw=b"{nope").status == 400
    assert wsgi(REDEEM, body, door_token, CONTENT_TYPE="text/plain").handler == "django"
    # a token without the check-in scope, or of an account without the check-in role
    for token in (
        make_token(make_user("checkin"), ["read"]),
        make_token(make_user(), ["checkin"]),
    ):
        for _ in range(2):  # the second call is after its verification was cached
            refused = wsgi(REDEEM, body, token)
            assert refused.handler == "django" and refused.status == 403
    # no token, an unknown one
    assert wsgi(REDEEM, body, None).status in {401, 403}
    assert wsgi(REDEEM, body, "gld_unknown").status == 401
    assert Scan.objects.count() == 1  # the browser's


def test_hot_path_can_be_switched_off(wsgi, door_token, register, checkin_list):
    registration = register(1).registrations.get()
    with override_settings(EVENTS_HOT_PATH=False):
        answer = wsgi(REDEEM, redeem_body(registration, checkin_list), door_token, hot=False)
    assert answer.handler == "django" and answer.json()["status"] == "ok"


# -- orders ------------------------------------------------------------------------------


def orders():
    return sorted(
        (
            o.status,
            o.buyer_name,
            o.buyer_email,
            str(o.total),
            o.source,
            o.member_price,
            o.organisation_id,
            tuple(
                sorted(
                    (r.first_name, r.last_name, r.email, r.company, r.job_title, str(r.price))
                    for r in o.registrations.all()
                )
            ),
        )
        for o in Order.objects.prefetch_related("registrations")
    ) + [tuple(Quota.objects.order_by("pk").values_list("used", flat=True))]


def order_body(ticket_type, n=1, **extra):
    return {
        "buyer_name": "  Anne Martin ",
        "buyer_email": "Anne@Example.org",
        "attendees": [
            {
                "ticket_type": ticket_type.pk,
                "first_name": f"Anne{i}",
                "last_name": "Martin",
                "company": "Octet",
                "job_title": "CTO",
                "answers": {"sector": "62"},
                "share_with_exhibitors": True,
                **({"email": f"a{i}@example.org"} if i else {}),
            }
            for i in range(n)
        ],
        **extra,
    }


def same_order(answer):
    data = answer.json()
    if answer.status == 201:
        assert re.fullmatch(r"[A-Z0-9]{8}", data.pop("code"))
        data["registrations"] = len(data["registrations"])
    return data


def test_order_is_the_same_answer(wsgi, kiosk_token, event, ticket_type):
    path = f"/api/v1/events/{event.slug}/orders/"
    hot, django = both(wsgi, path, order_body(ticket_type, 3), kiosk_token, orders)
    assert_same(hot, django, body=same_order)
    assert hot.status == 201 and hot.json()["status"] == "confirmed"
    assert hot.rows[-1] == (3,)  # the quota counts the three places


@pytest.mark.parametrize("case", ["sold_out", "not_open", "bad_ticket_type", "empty", "voucher"])
def test_order_refusals_agree(wsgi, kiosk_token, event, ticket_type, quota, case):
    path = f"/api/v1/events/{event.slug}/orders/"
    body = order_body(ticket_type, 2)
    if case == "sold_out":
        Quota.objects.filter(pk=quota.pk).update(size=1)
    elif case == "not_open":
        type(event).objects.filter(pk=event.pk).update(status="closed")
    elif case == "bad_ticket_type":
        body["attendees"][0]["ticket_type"] = 999_999
    elif case == "empty":
        body["attendees"] = []
    elif case == "voucher":
        body["voucher"] = "NOPE"
    hot, django = both(wsgi, path, body, kiosk_token, orders)
    assert_same(hot, django)
    assert hot.status == 400
    assert (
        hot.json()["error"]["details"]["code"]
        == {
            "sold_out": "sold_out",
            "not_open": "not_open",
            "bad_ticket_type": "bad_ticket_type",
            "empty": "empty",
            "voucher": "voucher_invalid",
        }[case]
    )
    assert hot.rows == django.rows and hot.rows[:-1] == []


@pytest.mark.parametrize(
    "change",
    [
        {"buyer_email": "not-an-email"},
        {"buyer_name": ""},
        {"attendees": [{"ticket_type": "1", "first_name": "A", "last_name": "B"}]},
        {"attendees": [{"first_name": "A", "last_name": "B"}]},
        {"voucher": None},
    ],
)
def test_invalid_orders_are_answered_by_the_api(wsgi, kiosk_token, event, ticket_type, change):
    body = {**order_body(ticket_type), **change}
    if change.get("attendees", [{}])[0].get("ticket_type") == "1":
        body["attendees"][0]["ticket_type"] = str(ticket_type.pk)
    answer = wsgi(f"/api/v1/events/{event.slug}/orders/", body, kiosk_token)
    assert answer.handler == "django"
    if "ticket_type" in change.get("attendees", [{}])[0]:
        assert answer.status == 201  # DRF reads "12" as 12
    else:
        assert answer.status == 400
        assert not Order.objects.exists()


def test_unknown_event_is_answered_by_the_api(wsgi, kiosk_token):
    answer = wsgi("/api/v1/events/nope/orders/", {"attendees": []}, kiosk_token)
    assert answer.handler == "django" and answer.status == 404

"""API: invoices are read-only and visible only to the treasurer, the invoice's person, and the
managers of the invoiced organisation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from guild.api.models import ApiToken, hash_token, new_raw_token
from guild.members.models import Person

pytestmark = pytest.mark.django_db

URL = "/api/v1/billing/invoices/"


def token_client(user, scopes=("read",)):
    raw = new_raw_token()
    ApiToken.objects.create(
        user=user, name="t", prefix=raw[:8], token_hash=hash_token(raw), scopes=list(scopes)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def invoices(make_invoice, organisation, member):
    org = make_invoice(organisation=organisation)
    own = make_invoice(person=Person.objects.get(user=member), amount="60.00", vat_rate=20)
    loose = make_invoice()
    return org, own, loose


def numbers(response):
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


def test_each_caller_sees_only_their_invoices(invoices, treasurer, manager, member, make_user):
    org, own, loose = invoices
    assert numbers(token_client(treasurer).get(URL)) == {org.number, own.number, loose.number}
    assert numbers(token_client(manager).get(URL)) == {org.number}
    assert numbers(token_client(member).get(URL)) == {own.number}
    assert numbers(token_client(make_user()).get(URL)) == set()
    stranger = token_client(make_user())
    assert stranger.get(f"{URL}{org.pk}/").status_code == 404
    detail = token_client(member).get(f"{URL}{own.pk}/").json()
    assert detail["total_gross"] == "72.00"
    assert detail["balance_due"] == "72.00"
    assert detail["lines"][0]["vat_rate"] == "20.00"


def test_anonymous_is_refused_and_the_api_is_read_only(invoices, treasurer):
    assert APIClient().get(URL).status_code in {401, 403}
    client = token_client(treasurer, ["read", "write"])
    assert client.post(URL, {"number": "X"}, format="json").status_code == 405
    assert client.delete(f"{URL}{invoices[0].pk}/").status_code == 405


def test_token_without_read_scope_is_refused(invoices, member):
    assert token_client(member, ["checkin"]).get(URL).status_code == 403


def test_status_filter(invoices, treasurer):
    from guild.billing.services import payment_record

    payment_record(actor=treasurer, invoice=invoices[2], amount="120", method="cash")
    client = token_client(treasurer)
    assert numbers(client.get(URL, {"status": "paid"})) == {invoices[2].number}
    assert len(numbers(client.get(URL, {"status": "issued"}))) == 2


def test_list_query_count_does_not_grow(make_invoice, treasurer):
    client = token_client(treasurer)
    make_invoice()
    client.get(URL)  # the token's first use records last_used_at
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for _ in range(8):
        make_invoice()
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large.captured_queries) == len(small.captured_queries)

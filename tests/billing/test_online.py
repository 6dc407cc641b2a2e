"""Online card payment through Stripe: checkout creation (against a local fake API server) and
signed webhooks (payloads signed here exactly as Stripe signs them). No network access."""

import hashlib
import hmac
import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from guild.billing.models import Invoice, Payment, ProviderEvent
from guild.billing.online import Outcome
from guild.billing.services import payment_record
from tests.billing.conftest import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db

WEBHOOK = "/billing/webhooks/stripe/"


def sign(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def session_completed(invoice, *, event_id="evt_1", intent="pi_1", cents=12000, paid=True):
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": "checkout.session.completed",
            "data": {
                "object": {
                    "id": "cs_test_1",
                    "object": "checkout.session",
                    "amount_total": cents,
                    "currency": "eur",
                    "payment_intent": intent,
                    "payment_status": "paid" if paid else "unpaid",
                    "client_reference_id": str(invoice.pk),
                    "metadata": {"invoice_id": str(invoice.pk), "invoice_number": invoice.number},
                }
            },
        }
    )


def intent_succeeded(invoice, *, event_id="evt_2", intent="pi_1", cents=12000):
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": "payment_intent.succeeded",
            "data": {
                "object": {
                    "id": intent,
                    "object": "payment_intent",
                    "amount": cents,
                    "amount_received": cents,
                    "currency": "eur",
                    "metadata": {"invoice_id": str(invoice.pk)},
                }
            },
        }
    )


def post(client, payload: str, signature: str | None = None):
    headers = {} if signature is None else {"HTTP_STRIPE_SIGNATURE": signature}
    return client.post(WEBHOOK, data=payload, content_type="application/json", **headers)


def test_completed_checkout_records_the_payment(client, stripe_settings, make_invoice):
    invoice = make_invoice()
    payload = session_completed(invoice)
    response = post(client, payload, sign(payload))
    assert response.status_code == 200
    assert response.json()["outcome"] == Outcome.RECORDED
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    payment = invoice.payments.get()
    assert payment.amount == Decimal("120.00")
    assert payment.method == "card"
    assert payment.external_id == "stripe:pi_1"
    event = ProviderEvent.objects.get()
    assert (event.event_id, event.outcome, event.invoice) == ("evt_1", "recorded", invoice)


def test_replayed_event_and_second_event_of_one_payment_record_nothing_new(
    client, stripe_settings, make_invoice
):
    invoice = make_invoice()
    payload = session_completed(invoice)
    assert post(client, payload, sign(payload)).json()["outcome"] == "recorded"
    replay = post(client, payload, sign(payload)).json()
    assert replay["outcome"] == Outcome.DUPLICATE
    assert "déjà" in replay["detail"]
    # Stripe also sends payment_intent.succeeded for the same money.
    second = intent_succeeded(invoice)
    answer = post(client, second, sign(second)).json()
    assert answer["outcome"] == Outcome.DUPLICATE
    assert Payment.objects.count() == 1
    assert ProviderEvent.objects.count() == 2


def test_paying_a_paid_invoice_twice_records_nothing_and_says_so(
    client, stripe_settings, make_invoice
):
    invoice = make_invoice()
    first = session_completed(invoice)
    post(client, first, sign(first))
    again = session_completed(invoice, event_id="evt_9", intent="pi_9")
    answer = post(client, again, sign(again)).json()
    assert answer["outcome"] == Outcome.REJECTED
    assert invoice.number in answer["detail"] and "déjà payée" in answer["detail"]
    assert Payment.objects.count() == 1
    assert ProviderEvent.objects.get(event_id="evt_9").outcome == "rejected"


def test_partial_online_payment_then_the_rest(client, stripe_settings, make_invoice):
    invoice = make_invoice()
    payment_record(
        actor=None, invoice=invoice, amount="20", method="cheque", reference="CHQ 1234567"
    )
    payload = session_completed(invoice, cents=10000)
    assert post(client, payload, sign(payload)).json()["outcome"] == "recorded"
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "t=1,v1=deadbeef",
        "garbage",
        "wrong-secret",
        "too-old",
    ],
)
def test_bad_signature_is_refused_and_nothing_written(
    client, stripe_settings, make_invoice, signature
):
    invoice = make_invoice()
    payload = session_completed(invoice)
    if signature == "wrong-secret":
        signature = sign(payload, secret="whsec_other")
    elif signature == "too-old":
        signature = sign(payload, timestamp=int(time.time()) - 3600)
    response = post(client, payload, signature)
    assert response.status_code == 400
    assert Payment.objects.count() == 0
    assert ProviderEvent.objects.count() == 0
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED


def test_tampered_payload_is_refused(client, stripe_settings, make_invoice):
    invoice = make_invoice()
    payload = session_completed(invoice, cents=100)
    signature = sign(payload)
    tampered = payload.replace('"amount_total": 100', '"amount_total": 12000')
    assert post(client, tampered, signature).status_code == 400
    assert Payment.objects.count() == 0


def test_unpaid_session_and_other_events_are_acknowledged_without_payment(
    client, stripe_settings, make_invoice
):
    invoice = make_invoice()
    payload = session_completed(invoice, paid=False)
    assert post(client, payload, sign(payload)).json()["outcome"] == Outcome.IGNORED
    other = json.dumps(
        {"id": "evt_x", "object": "event", "type": "customer.created", "data": {"object": {}}}
    )
    assert post(client, other, sign(other)).json()["outcome"] == Outcome.IGNORED
    assert Payment.objects.count() == 0


def test_overpayment_is_rejected(client, stripe_settings, make_invoice):
    invoice = make_invoice()
    payload = session_completed(invoice, cents=99999)
    answer = post(client, payload, sign(payload)).json()
    assert answer["outcome"] == Outcome.REJECTED
    assert Payment.objects.count() == 0


def test_webhook_is_not_found_when_online_payment_is_not_configured(client, make_invoice):
    invoice = make_invoice()
    payload = session_completed(invoice)
    assert post(client, payload, sign(payload)).status_code == 404


# --- the member's invoice page and the checkout ------------------------------------------------


class FakeStripe(BaseHTTPRequestHandler):
    requests: list = []

    def do_POST(self):  # noqa: N802 (http.server API)
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        FakeStripe.requests.append(
            {"path": self.path, "form": parse_qs(body), "auth": self.headers["Authorization"]}
        )
        answer = json.dumps(
            {
                "id": "cs_test_42",
                "object": "checkout.session",
                "url": "https://checkout.stripe.com/c/pay/cs_test_42",
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_stripe(stripe_settings):
    FakeStripe.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeStripe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stripe_settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.server_port}"
    yield FakeStripe.requests
    server.shutdown()
    server.server_close()


def test_member_pays_online_from_the_invoice_page(client_for, fake_stripe, member, make_invoice):
    from guild.members.models import Person

    invoice = make_invoice(person=Person.objects.get(user=member), amount="60.00", vat_rate=20)
    client = client_for(member)
    page = client.get(reverse("billing:invoice_show", args=[invoice.pk]))
    assert page.status_code == 200
    assert "Payer en ligne" in page.text
    response = client.post(reverse("billing:invoice_pay", args=[invoice.pk]))
    assert response.status_code == 302
    assert response.url == "https://checkout.stripe.com/c/pay/cs_test_42"
    [request] = fake_stripe
    form = request["form"]
    assert request["path"] == "/v1/checkout/sessions"
    assert request["auth"] == "Bearer sk_test_guild"
    assert form["line_items[0][price_data][unit_amount]"] == ["7200"]
    assert form["line_items[0][price_data][currency]"] == ["eur"]
    assert form["metadata[invoice_id]"] == [str(invoice.pk)]
    assert form["payment_intent_data[metadata][invoice_id]"] == [str(invoice.pk)]
    assert form["mode"] == ["payment"]
    assert form["success_url"][0].endswith(f"/billing/invoices/{invoice.pk}/?payment=done")


def test_no_pay_button_when_paid_or_not_configured(client_for, settings, member, make_invoice):
    from guild.members.models import Person

    invoice = make_invoice(person=Person.objects.get(user=member))
    client = client_for(member)
    url = reverse("billing:invoice_show", args=[invoice.pk])
    assert "Payer en ligne" not in client.get(url).text
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_x"
    assert "Payer en ligne" in client.get(url).text
    payment_record(actor=None, invoice=invoice, amount="120", method="cash")
    assert "Payer en ligne" not in client.get(url).text
    response = client.post(reverse("billing:invoice_pay", args=[invoice.pk]), follow=True)
    assert "déjà payée" in response.text


def test_other_people_cannot_see_or_pay_an_invoice(
    client_for, stripe_settings, make_user, member, make_invoice
):
    from guild.members.models import Person

    invoice = make_invoice(person=Person.objects.get(user=member))
    client = client_for(make_user())
    assert client.get(reverse("billing:invoice_show", args=[invoice.pk])).status_code == 403
    assert client.post(reverse("billing:invoice_pay", args=[invoice.pk])).status_code == 403


def test_my_invoices_lists_the_members_and_managed_organisations_invoices(
    client_for, manager, member, organisation, make_invoice
):
    from guild.members.models import Person

    own = make_invoice(organisation=organisation)
    other = make_invoice(person=Person.objects.get(user=member))
    text = client_for(manager).get(reverse("billing:my_invoices")).text
    assert own.number in text and other.number not in text

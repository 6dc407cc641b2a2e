import base64
import json

import pytest

from guild.outreach import campaigns
from guild.outreach.models import CampaignSend, Suppression

pytestmark = pytest.mark.django_db

SECRET = "hook:s3cret"


@pytest.fixture
def sent(subscribers, make_campaign, staff_user, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    campaign = make_campaign()
    campaigns.campaign_schedule(actor=staff_user, campaign=campaign)
    campaigns.campaign_run(campaign.pk)
    return campaign


def _auth(secret=SECRET):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def _brevo(event, send):
    return {
        "event": event,
        "email": send.email,
        "id": 123456,
        "date": "2026-11-28 12:00:00",
        "ts": 1764331200,
        "ts_event": 1764331200,
        "ts_epoch": 1764331200000,
        "message-id": send.message_id,
        "subject": "Bonjour",
        "tag": "",
        "sending_ip": "185.41.28.109",
        "reason": "550 5.1.1 user unknown",
    }


def test_brevo_hard_bounce_suppresses(client, sent):
    send = sent.sends.first()
    response = client.post(
        "/outreach/webhooks/brevo/",
        json.dumps(_brevo("hard_bounce", send)),
        content_type="application/json",
        **_auth(),
    )
    assert response.status_code == 200
    send.refresh_from_db()
    assert send.status == CampaignSend.Status.BOUNCED
    assert Suppression.objects.filter(email=send.email, reason="bounced").exists()


def test_brevo_delivered_and_soft_bounce(client, sent):
    first, second = list(sent.sends.order_by("pk"))[:2]
    client.post(
        "/outreach/webhooks/brevo/",
        json.dumps(_brevo("delivered", first)),
        content_type="application/json",
        **_auth(),
    )
    client.post(
        "/outreach/webhooks/brevo/",
        json.dumps(_brevo("soft_bounce", second)),
        content_type="application/json",
        **_auth(),
    )
    first.refresh_from_db()
    assert first.status == "delivered"
    assert not Suppression.objects.exists()
    assert campaigns.campaign_stats(sent)["delivered"] == 1


def test_bad_credentials_refused_nothing_written(client, sent):
    send = sent.sends.first()
    for headers in ({}, _auth("hook:wrong")):
        response = client.post(
            "/outreach/webhooks/brevo/",
            json.dumps(_brevo("hard_bounce", send)),
            content_type="application/json",
            **headers,
        )
        assert response.status_code == 400
    assert not Suppression.objects.exists()


def test_no_secret_configured_refuses(client, subscribers, settings):
    settings.ANYMAIL = {}
    response = client.post(
        "/outreach/webhooks/mailjet/", "[]", content_type="application/json", **_auth()
    )
    assert response.status_code == 400


def test_mailjet_spam_and_bounce(client, sent):
    first, second = list(sent.sends.order_by("pk"))[:2]
    payload = [
        {
            "event": "spam",
            "time": 1764331200,
            "MessageID": 19421777835146490,
            "Message_GUID": "1ab23cd4-e567-8901-2345-6789f0gh1i2j",
            "email": first.email,
            "mj_campaign_id": 0,
            "mj_contact_id": 1,
            "customcampaign": "",
            "source": "JMRPP",
        },
        {
            "event": "bounce",
            "time": 1764331200,
            "MessageID": 19421777835146491,
            "Message_GUID": "1ab23cd4-e567-8901-2345-6789f0gh1i2k",
            "email": second.email,
            "mj_campaign_id": 0,
            "mj_contact_id": 2,
            "customcampaign": "",
            "blocked": False,
            "hard_bounce": True,
            "error_related_to": "recipient",
            "error": "user unknown",
            "comment": "Host or domain name not found.",
        },
    ]
    response = client.post(
        "/outreach/webhooks/mailjet/",
        json.dumps(payload),
        content_type="application/json",
        **_auth(),
    )
    assert response.status_code == 200
    assert Suppression.objects.get(email=first.email).reason == "complained"
    assert Suppression.objects.get(email=second.email).reason == "bounced"
    second.refresh_from_db()
    assert second.status == "bounced"
    first.refresh_from_db()
    assert first.unsubscribed_at is not None

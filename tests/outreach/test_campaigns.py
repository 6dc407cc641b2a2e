import datetime as dt
import socket
from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from guild.outreach import campaigns, services, tokens
from guild.outreach.models import Campaign, CampaignSend, Segment, Suppression
from guild.outreach.segments import apply_filters, audience, register_segment_filter
from tests.conftest import smtp_mailers

pytestmark = pytest.mark.django_db


def _send(campaign, actor):
    campaigns.campaign_schedule(actor=actor, campaign=campaign)
    return campaigns.campaign_run(campaign.pk)


def test_campaign_over_smtp_has_rfc8058_headers_and_text(
    smtp_server, subscribers, make_campaign, staff_user
):
    campaign = make_campaign()
    services.suppression_add(email=subscribers[2].email, reason="bounced")
    assert _send(campaign, staff_user) == "sent"
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert len(smtp_server.messages) == 2
    message = smtp_server.messages[0]
    unsub = message["List-Unsubscribe"]
    assert "<http://" in unsub
    assert "/newsletter/unsubscribe/" in unsub
    assert "<mailto:" in unsub
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Prénom" in message["Subject"]
    assert "Bonjour **Prénom" in text
    assert "/newsletter/unsubscribe/" in text
    assert "<strong>Prénom" in html
    assert "/r/" in html
    assert "Se désinscrire" in html
    stats = campaigns.campaign_stats(campaign)
    assert stats["sent"] == 2
    assert stats["progress"] == 100
    # Nobody is sent the campaign twice: a rerun sends nothing.
    assert campaigns.campaign_run(campaign.pk) == "sent"
    assert len(smtp_server.messages) == 2


def test_unsubscribed_recipient_is_skipped_next_time(
    smtp_server, subscribers, make_campaign, staff_user, client
):
    first = make_campaign()
    _send(first, staff_user)
    send = CampaignSend.objects.get(campaign=first, email=subscribers[0].email)
    token = tokens.unsubscribe_token(send.contact_id, first.mailing_list_id, send.pk)
    client.post(f"/newsletter/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert campaigns.campaign_stats(first)["unsubscribed"] == 1
    second = make_campaign(subject="Deuxième")
    _send(second, staff_user)
    recipients = set(second.sends.values_list("email", flat=True))
    assert subscribers[0].email not in recipients
    assert len(recipients) == 2


def test_suppression_enforced_at_send_time(smtp_server, subscribers, make_campaign, staff_user):
    campaign = make_campaign()
    campaigns.campaign_schedule(actor=staff_user, campaign=campaign)
    campaigns.campaign_prepare(campaign)
    services.suppression_add(email=subscribers[1].email, reason="complained")
    campaigns.campaign_run(campaign.pk)
    assert campaign.sends.get(email=subscribers[1].email).status == "suppressed"
    assert len(smtp_server.messages) == 2


def _prepared(campaign, actor):
    campaigns.campaign_schedule(actor=actor, campaign=campaign)
    campaigns.campaign_prepare(campaign)
    return list(campaign.sends.order_by("pk"))


def _recipients(smtp_server):
    return Counter(m["To"] for m in smtp_server.messages)


DEAD = f"{socket.gethostname()}:999999999:0"  # this host, no such process


def test_claimed_but_unsent_rows_of_a_dead_worker_are_sent_exactly_once(
    smtp_server, subscribers, make_campaign, staff_user
):
    campaign = make_campaign()
    done, uncertain, never_tried = _prepared(campaign, staff_user)
    now = timezone.now()
    # A worker claimed all three, sent the first (committed), then died.
    CampaignSend.objects.filter(pk=done.pk).update(status="sent", claimed_by=DEAD, claimed_at=now)
    CampaignSend.objects.filter(pk__in=[uncertain.pk, never_tried.pk]).update(
        status="sending", claimed_by=DEAD, claimed_at=now
    )
    assert campaigns.worker_alive(DEAD) is False
    assert campaigns.campaign_run(campaign.pk) == "sent"
    assert _recipients(smtp_server) == Counter({uncertain.email: 1, never_tried.email: 1})
    assert set(campaign.sends.values_list("status", flat=True)) == {"sent"}
    # The resent copies carry the Message-ID derived from (campaign, recipient).
    assert {m["Message-ID"] for m in smtp_server.messages} == {
        uncertain.message_id,
        never_tried.message_id,
    }
    # A rerun, and the periodic job, send nothing more.
    assert campaigns.campaign_run(campaign.pk) == "sent"
    assert campaigns.campaigns_due() == 0
    assert len(smtp_server.messages) == 2


def test_at_most_once_marks_only_the_uncertain_row_failed(
    smtp_server, subscribers, make_campaign, staff_user, settings
):
    settings.OUTREACH_RESEND_UNCERTAIN = False
    campaign = make_campaign()
    first, second, third = _prepared(campaign, staff_user)
    CampaignSend.objects.filter(campaign=campaign).update(
        status="sending", claimed_by=DEAD, claimed_at=timezone.now()
    )
    assert campaigns.campaign_run(campaign.pk) == "sent"
    first.refresh_from_db()
    assert first.status == "failed"
    assert "at-most-once" in first.error
    # The rows after it were certainly never on the wire: sent once.
    assert _recipients(smtp_server) == Counter({second.email: 1, third.email: 1})


def test_live_worker_claims_are_left_alone_and_other_hosts_use_the_lease(
    smtp_server, subscribers, make_campaign, staff_user
):
    campaign = make_campaign()
    mine, remote, free = _prepared(campaign, staff_user)
    recent = timezone.now()
    CampaignSend.objects.filter(pk=mine.pk).update(
        status="sending", claimed_by=campaigns.worker_id(), claimed_at=recent - dt.timedelta(days=1)
    )
    CampaignSend.objects.filter(pk=remote.pk).update(
        status="sending", claimed_by="other-host:42:1", claimed_at=recent
    )
    assert campaigns.worker_alive(campaigns.worker_id()) is True
    assert campaigns.worker_alive("other-host:42:1") is None
    assert campaigns.campaign_run(campaign.pk) == "in-progress"
    assert _recipients(smtp_server) == Counter({free.email: 1})
    campaign.refresh_from_db()
    assert campaign.status == "sending"
    # The other host's claim expires after the lease: its row is then sent, once.
    CampaignSend.objects.filter(pk=remote.pk).update(claimed_at=recent - dt.timedelta(hours=1))
    assert campaigns.campaign_reclaim(campaign) == {
        "requeued": 0,
        "uncertain_resent": 1,
        "uncertain_failed": 0,
        "held": 1,
    }
    assert campaigns.campaign_run(campaign.pk) == "in-progress"
    assert _recipients(smtp_server) == Counter({free.email: 1, remote.email: 1})


def test_a_failing_batch_gives_its_claims_back(subscribers, make_campaign, staff_user, settings):
    # An unreachable SMTP server: the live worker must not keep rows claimed.
    settings.MAILERS = smtp_mailers(9, timeout=2)  # discard: connection refused
    campaign = make_campaign()
    _prepared(campaign, staff_user)
    with pytest.raises(OSError):
        campaigns.campaign_run(campaign.pk)
    assert set(campaign.sends.values_list("status", flat=True)) == {"pending"}


def test_message_id_is_derived_from_campaign_and_recipient(subscribers, make_campaign, staff_user):
    campaign = make_campaign()
    send = _prepared(campaign, staff_user)[0]
    expected = campaigns.campaign_message_id(campaign.pk, send.email.upper(), "x")
    assert send.message_id.split("@")[0] == expected.split("@")[0]
    other = campaigns.campaign_message_id(campaign.pk + 1, send.email, "x")
    assert other != expected


def test_resume_after_partial_run_sends_nobody_twice(
    smtp_server, subscribers, make_campaign, staff_user, settings
):
    settings.OUTREACH_BATCH_SIZE = 1
    campaign = make_campaign()
    campaigns.campaign_schedule(actor=staff_user, campaign=campaign)
    assert campaigns.campaign_run(campaign.pk, max_batches=1) == "partial"
    assert campaigns.campaigns_due() == 1  # resumed by the periodic job
    assert len(smtp_server.messages) == 3
    assert len(_recipients(smtp_server)) == 3
    assert campaigns.campaigns_due() == 0


def test_send_record_is_unique(subscribers, make_campaign):
    campaign = make_campaign()
    CampaignSend.objects.create(campaign=campaign, email="a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignSend.objects.create(campaign=campaign, email="A@example.org")


def test_no_consenting_recipient_is_refused(make_campaign, staff_user, newsletter, make_contact):
    make_contact("nope@example.org")  # not subscribed
    campaign = make_campaign()
    with pytest.raises(ValidationError) as exc:
        campaigns.campaign_schedule(actor=staff_user, campaign=campaign)
    assert "destinataire" in str(exc.value) or "recipient" in str(exc.value)
    campaign.refresh_from_db()
    assert campaign.status == "draft"
    assert not campaign.sends.exists()


def test_scheduled_campaign_waits(subscribers, make_campaign, staff_user, smtp_server):
    from django.utils import timezone

    campaign = make_campaign()
    later = timezone.now() + timezone.timedelta(hours=1)
    campaigns.campaign_schedule(actor=staff_user, campaign=campaign, when=later)
    assert campaigns.campaign_run(campaign.pk) == "not-yet"
    Campaign.objects.filter(pk=campaign.pk).update(scheduled_at=timezone.now())
    assert campaigns.campaigns_due() == 1
    campaign.refresh_from_db()
    assert campaign.status == "sent"
    assert len(smtp_server.messages) == 3
    with pytest.raises(ValidationError):
        campaigns.campaign_schedule(actor=staff_user, campaign=campaign)
    with pytest.raises(ValidationError):
        campaigns.campaign_save(actor=staff_user, campaign=campaign, subject="x")


def test_personalisation_is_escaped_and_test_send(
    subscribers, make_campaign, staff_user, smtp_server, make_contact, newsletter
):
    evil = make_contact("evil@example.org", [newsletter], first_name="<script>x</script>")
    campaign = make_campaign(body="Salut {{ prenom }} <script>alert(1)</script> {{ inconnu }}")
    html, text = campaigns.campaign_preview(campaign, evil)
    assert "<script>" not in html
    assert "&lt;script&gt;x" in html
    assert "{{ inconnu }}" in text
    campaigns.campaign_test_send(
        actor=staff_user, campaign=campaign, to="me@example.org", as_contact=evil
    )
    assert smtp_server.messages[-1]["Subject"].startswith("[TEST]")
    assert not campaign.sends.exists()


def test_click_and_open_tracking(subscribers, make_campaign, staff_user, smtp_server, client):
    campaign = make_campaign(track_opens=True)
    _send(campaign, staff_user)
    send = campaign.sends.first()
    response = client.get(f"/r/{tokens.click_token(send.pk, 'https://example.org/salon')}/")
    assert response.status_code == 302
    assert response["Location"] == "https://example.org/salon"
    response = client.get(f"/o/{tokens.open_token(send.pk)}.gif")
    assert response["Content-Type"] == "image/gif"
    assert client.get("/o/bad.gif").status_code == 200
    stats = campaigns.campaign_stats(campaign)
    assert stats["clicked"] == 1
    assert stats["opened"] == 1
    assert '<img src="http' in smtp_server.messages[0].get_body(("html",)).get_content()


def test_opens_not_tracked_by_default(subscribers, make_campaign, staff_user, smtp_server, client):
    campaign = make_campaign()
    _send(campaign, staff_user)
    send = campaign.sends.first()
    client.get(f"/o/{tokens.open_token(send.pk)}.gif")
    assert campaigns.campaign_stats(campaign)["opened"] == 0
    assert "/o/" not in smtp_server.messages[0].get_body(("html",)).get_content()


def test_segments_filters_and_registry(
    subscribers, newsletter, make_contact, make_campaign, staff_user, smtp_server
):
    assert apply_filters({"departement": "64"}).count() == 1
    assert apply_filters({"consent": "newsletter"}).count() == 3
    assert apply_filters({"tags": "inconnu"}).count() == 0
    assert apply_filters({"member": "no"}).count() == 3
    assert apply_filters({"member": "yes"}).count() == 0
    assert apply_filters({"category": "x", "naf": "62"}).count() == 0
    register_segment_filter(
        "event",
        "Participants",
        lambda emails, value: [e for e in emails if e.startswith("abonne1")],
    )
    assert list(
        apply_filters({"event": "salon-2026", "departement": ""}).values_list("email", flat=True)
    ) == ["abonne1@example.org"]
    segment = Segment.objects.create(name="64", filters={"departement": "64"})
    campaign = make_campaign(segment=segment)
    _send(campaign, staff_user)
    assert len(smtp_server.messages) == 1
    assert audience(newsletter, {}).count() == 3


def test_rate_limit_setting(subscribers, make_campaign, staff_user, smtp_server, settings):
    settings.OUTREACH_SEND_RATE = 1000
    _send(make_campaign(), staff_user)
    assert len(smtp_server.messages) == 3


def test_transport_failure_is_recorded(subscribers, make_campaign, staff_user, settings):
    settings.MAILERS = smtp_mailers(1)
    campaign = make_campaign()
    campaigns.campaign_schedule(actor=staff_user, campaign=campaign)
    campaigns.campaign_prepare(campaign)
    with pytest.raises(OSError):
        campaigns.campaign_send_batch(campaign)


def test_locmem_campaign(subscribers, make_campaign, staff_user):
    _send(make_campaign(), staff_user)
    assert len(mail.outbox) == 3
    assert Suppression.objects.count() == 0

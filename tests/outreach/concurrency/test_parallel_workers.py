import threading
from collections import Counter

import pytest
from django.db import connection, connections

from guild.outreach import campaigns
from guild.outreach.models import Campaign, CampaignSend

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SKIP LOCKED) need PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_a_campaign_and_nobody_gets_two_copies(
    smtp_server, make_contact, newsletter, make_campaign, staff_user, settings
):
    settings.OUTREACH_BATCH_SIZE = 4
    for i in range(40):
        make_contact(f"r{i:02d}@example.org", [newsletter])
    campaign = make_campaign()
    campaigns.campaign_schedule(actor=staff_user, campaign=campaign)
    campaigns.campaign_prepare(campaign)
    results, errors = [], []
    barrier = threading.Barrier(2)

    def work():
        try:
            barrier.wait()
            results.append(campaigns.campaign_run(campaign.pk))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 2
    assert "sent" in results  # the other one may end "in-progress" while claims were held
    received = Counter(m["To"] for m in smtp_server.messages)
    assert len(received) == 40
    assert set(received.values()) == {1}
    assert set(CampaignSend.objects.values_list("status", flat=True)) == {"sent"}
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"

import re

import pytest
from django.core import mail

from guild.outreach.models import Campaign, MailingList


@pytest.mark.django_db(transaction=True)
def test_signup_confirm_campaign_unsubscribe(page, live_server, client, staff_user, smtp_server):
    newsletter = MailingList.objects.create(name="Lettre d'information", slug="newsletter")
    page.goto(f"{live_server.url}/newsletter/")

    page.locator("#id_email").fill("visiteur@example.org")
    page.locator("#id_first_name").fill("Vera")
    page.get_by_label("Lettre d'information").check()
    page.locator("#id_agree").check()
    page.get_by_role("button", name="S'inscrire").click()
    page.wait_for_url("**/newsletter/thanks/")
    link = re.search(
        r"http://\S+/newsletter/confirm/\S+/",
        smtp_server.messages[-1].get_body(("plain",)).get_content()
        if smtp_server.messages
        else mail.outbox[-1].body,
    ).group(0)
    page.goto(live_server.url + "/newsletter/" + link.split("/newsletter/", 1)[1])
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.get_by_role("heading", name="Inscription confirmée").wait_for()

    client.force_login(staff_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/manage/outreach/segments/new/")
    page.locator("#id_name").fill("Abonnés")
    page.locator("#id_f_consent").fill("newsletter")
    page.locator("#segment-count").get_by_text("1 contact correspondant").wait_for()
    page.get_by_role("button", name="Enregistrer").click()
    page.goto(f"{live_server.url}/manage/outreach/campaigns/new/")
    page.locator("#id_subject").fill("Bonjour {{ prenom }}")
    page.locator("#id_body").fill("Le salon arrive, {{ prenom }} !")
    page.locator("#id_mailing_list").select_option(str(newsletter.pk))
    page.locator("#id_segment").select_option(label="Abonnés")
    page.get_by_role("button", name="Enregistrer").click()
    before = len(smtp_server.messages)
    page.get_by_role("button", name="Envoyer la campagne").click()
    page.wait_for_load_state()
    campaign = Campaign.objects.get()
    received = [m for m in smtp_server.messages[before:] if m["Subject"] == "Bonjour Vera"]
    assert len(received) == 1
    message = received[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Le salon arrive, Vera" in message.get_body(("plain",)).get_content()
    url = re.search(r"<(http[^>]+)>", message["List-Unsubscribe"]).group(1)
    url = live_server.url + "/newsletter/" + url.split("/newsletter/", 1)[1]
    response = page.request.post(url, form={"List-Unsubscribe": "One-Click"})
    assert response.ok
    campaign.refresh_from_db()
    second = Campaign.objects.create(subject="Encore", body="x", mailing_list=newsletter)
    from guild.outreach.campaigns import campaign_schedule

    with pytest.raises(Exception, match="destinataire"):
        campaign_schedule(actor=staff_user, campaign=second)
    assert not second.sends.exists()

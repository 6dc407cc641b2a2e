import pathlib

import pytest

from guild.outreach import services
from guild.outreach.models import MailingList, Subscription

SHOTS = pathlib.Path(__file__).resolve().parents[3] / "var" / "screenshots"


@pytest.mark.django_db(transaction=True)
def test_staff_manage_a_list_outside_the_admin(page, live_server, client, staff_user, axe):
    client.force_login(staff_user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/manage/outreach/lists/")
    page.get_by_role("link", name="Nouvelle liste").click()
    page.locator("#id_name").fill("Actualités du salon")
    page.locator("#id_slug").fill("salon")
    page.locator("#id_kind").select_option("tradeshow")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("heading", name="Actualités du salon").wait_for()
    mailing_list = MailingList.objects.get(slug="salon")
    contact = services.contact_upsert(actor=None, email="deja@example.org", first_name="Déjà")
    services.subscription_set(
        actor=None,
        contact=contact,
        mailing_list=mailing_list,
        active=True,
        source="formulaire du site",
        wording="J'accepte de recevoir les actualités du salon.",
    )
    page.locator("#id_email").fill("lea@example.org")
    page.locator("#id_first_name").fill("Léa")
    page.locator("#id_wording").fill("Oui, je veux les actualités du salon.")
    page.locator("#id_source").fill("bulletin papier, salon 2026")
    page.get_by_role("button", name="Ajouter à la liste").click()
    page.get_by_text("lea@example.org est abonné à la liste.").wait_for()
    page.get_by_text("bulletin papier, salon 2026").wait_for()
    axe(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "outreach-list.png"), full_page=True)
    page.get_by_role("button", name="Désinscrire deja@example.org").click()
    page.get_by_text("deja@example.org est désinscrit de la liste.").wait_for()
    assert Subscription.objects.get(contact=contact).status == "unsubscribed"
    assert not page.js_errors

"""A company applies online, staff approve it, the treasurer records its bank transfer, the
company's manager downloads the invoice and the certificate."""

from decimal import Decimal

import pytest
from django.test import Client

from guild.members.models import Membership, MembershipCategory

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_company_applies_and_pays(page, live_server, make_user, axe):
    category = MembershipCategory.objects.create(
        code="entreprise",
        name="Entreprise",
        holder="organisation",
        dues_rule="fixed",
        dues_amount=Decimal("250.00"),
    )
    manager = make_user(email="claire@vienne-web.fr")
    login(page, live_server, manager)
    page.goto("/members/apply/")
    axe(page, context="main")  # layout contrast issues belong to core (reported)
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_legal_name").fill("Vienne Web SAS")
    page.locator("#id_siren").fill("552100554")
    page.locator("#id_first_name").fill("Claire")
    page.locator("#id_last_name").fill("Martin")
    page.locator("#id_email").fill("claire@vienne-web.fr")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_role("heading", name="Demande reçue").wait_for()

    login(page, live_server, make_user("staff"))
    page.goto("/manage/members/applications/")
    page.get_by_role("button", name="Accepter").click()
    page.get_by_text("facture de cotisation a été émise").wait_for()

    login(page, live_server, make_user("treasurer"))
    page.goto("/manage/billing/invoices/")
    page.locator("main td a").first.click()
    page.locator("#id_amount").fill("250")
    page.locator("#id_method").select_option("transfer")
    page.locator("#id_reference").fill("VIR VIENNE WEB 2026")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.get_by_text("Paiement enregistré").wait_for()
    assert Membership.objects.get().status == "active"

    login(page, live_server, manager)
    page.goto("/members/me/")
    axe(page, context="main")  # layout contrast issues belong to core (reported)
    with page.expect_download() as download:
        page.locator("main td a").first.click()
    assert download.value.suggested_filename.startswith("F")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mon attestation d’adhésion").click()
    assert download.value.suggested_filename.startswith("attestation")

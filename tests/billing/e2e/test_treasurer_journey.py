"""Journey: the treasurer records a SEPA mandate, collects the dues by direct debit (pain.008
download, confirmation), exports the accounts; a member sees "Payer en ligne" on an invoice.
Saves docs/screenshots/billing-*.png when missing or when GUILD_SCREENSHOTS=1."""

import os
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from guild.billing.models import Invoice, SepaBatch
from guild.members.models import Person

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def shoot(page, name):
    target = SCREENSHOTS / f"{name}.png"
    if os.environ.get("GUILD_SCREENSHOTS") or not target.exists():
        page.screenshot(path=str(target), full_page=True)


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_treasurer_collects_dues_by_direct_debit(
    page, live_server, treasurer, organisation, manager, make_invoice, sepa_settings, axe
):
    membership = organisation.memberships.get()
    invoice = make_invoice(
        organisation=organisation,
        source_type="members.membership",
        source_id=f"{membership.pk}:2026",
    )
    login(page, live_server, treasurer)
    page.goto("/manage/billing/sepa/mandates/")
    page.locator("#id_organisation").select_option(str(organisation.pk))
    page.locator("#id_debtor_name").fill("Limousin Data SAS")
    page.locator("#id_iban").fill("FR76 3000 6000 0112 3456 7890 188")
    page.locator("#id_bic").fill("AGRIFRPPXXX")
    page.locator("#id_reference").fill("RUM-LD-2026-01")
    page.locator("#id_signed_on").fill("2026-01-15")
    page.get_by_role("button", name="Enregistrer le mandat").click()
    assert "n’est pas un IBAN valide" in page.locator("main").inner_text()
    page.locator("#id_iban").fill("FR76 3000 6000 0112 3456 7890 189")
    page.get_by_role("button", name="Enregistrer le mandat").click()
    page.get_by_text("Mandat enregistré.").wait_for()
    assert "FR76 **** **** 0189" in page.locator("main").inner_text()
    axe(page, context="main")
    shoot(page, "billing-mandates")

    page.goto("/manage/billing/sepa/batches/")
    page.locator("#id_year").fill("2026")
    page.get_by_role("button", name="Créer la remise").click()
    page.get_by_text("Remise créée").wait_for()
    axe(page, context="main")
    shoot(page, "billing-sepa-batch")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le fichier pain.008").click()
    xml = Path(download.value.path()).read_text()
    assert invoice.number in xml and "RUM-LD-2026-01" in xml

    # The bank collected the batch (the date has come).
    SepaBatch.objects.update(collection_date=timezone.localdate())
    page.reload()
    page.get_by_role("button", name="Confirmer le prélèvement").click()
    page.get_by_text("Prélèvement confirmé").wait_for()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID

    page.goto("/manage/billing/exports/")
    axe(page, context="main")
    with page.expect_download() as download:
        page.get_by_role("button", name="Écritures comptables (CSV)").click()
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert f";BQ;512;{invoice.number};" in text


def test_member_sees_pay_online(page, live_server, member, make_invoice, stripe_settings, axe):
    invoice = make_invoice(person=Person.objects.get(user=member), amount="60.00", vat_rate=20)
    login(page, live_server, member)
    page.goto("/billing/invoices/")
    page.get_by_role("link", name=invoice.number).click()
    button = page.get_by_role("button", name="Payer en ligne (72,00 €)")
    assert button.is_visible()
    axe(page, context="main")
    shoot(page, "billing-invoice-pay")

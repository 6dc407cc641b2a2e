"""Staff import a HelloAsso export: upload, mapping and preview, dry run, import, and see the
new members listed (then in the export)."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from guild.members.models import Membership, MembershipCategory

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).resolve().parents[1] / "data"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _shoot(page, name: str) -> None:
    target = SCREENSHOTS / f"{name}.png"
    if os.environ.get("GUILD_SCREENSHOTS") or not target.exists():
        page.screenshot(path=str(target), full_page=True)


def test_treasurer_imports_a_helloasso_export(
    page, live_server, make_user, axe, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    MembershipCategory.objects.create(
        code="entreprise",
        name="Entreprise",
        holder="organisation",
        dues_amount=Decimal("150.00"),
    )
    MembershipCategory.objects.create(
        code="independant",
        name="Indépendant",
        holder="person",
        dues_amount=Decimal("60.00"),
        period="rolling",
    )
    login(page, live_server, make_user("treasurer"))
    page.goto("/manage/members/import/")
    page.get_by_role("heading", name="Importer des adhérents").wait_for()
    axe(page, context="main")
    page.get_by_label("Fichier à importer").set_input_files(str(DATA / "helloasso.csv"))
    page.get_by_role("button", name="Déposer et vérifier les colonnes").click()

    page.get_by_role("heading", name="Colonnes et aperçu").wait_for()
    assert page.locator("#id_source_format").input_value() == "helloasso"
    email = page.get_by_label("E-mail", exact=True)
    assert email.locator("option:checked").inner_text() == "Email payeur"
    preview = page.locator("#preview")
    assert "Vienne Web SAS" in preview.inner_text()
    assert "1 234,50" in preview.inner_text()
    axe(page, context="main")
    _shoot(page, "members-import-mapping")

    page.get_by_role("button", name="Simulation (vérifier sans enregistrer)").click()
    page.locator("#dry-run-result").wait_for()
    assert "Adhésions à créer : 3" in page.locator("#dry-run-result").inner_text()
    assert Membership.objects.count() == 0

    page.get_by_role("button", name="Importer", exact=True).click()
    page.get_by_role("heading", name="Import terminé").wait_for()
    listed = page.locator("#imported-members").inner_text()
    assert "Vienne Web SAS" in listed
    assert "Paul Durand" in listed
    assert "Élodie Lefèvre" in listed
    assert Membership.objects.count() == 3
    axe(page, context="main")

    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter les adhérents (CSV pour Excel)").click()
    assert download.value.suggested_filename.startswith("adherents-")

"""A company applies online (dues shown live, SIREN checked as typed), staff approve it, the
treasurer records its bank transfer, the company's manager downloads the invoice and the
certificate, invites a colleague and appears in the member list. Also saves the screenshots
docs/screenshots/members-*.png."""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client

from guild.core.models import OutgoingEmail
from guild.members.models import Membership, MembershipCategory, Organisation

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def shoot(page, name: str) -> None:
    """Refresh docs/screenshots/<name>.png when asked (GUILD_SCREENSHOTS=1) or when missing."""
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


def test_company_applies_and_pays(page, live_server, make_user, axe):
    category = MembershipCategory.objects.create(
        code="entreprise",
        name="Entreprise",
        description="Sociétés, associations et collectivités du numérique.",
        holder="organisation",
        dues_rule="headcount",
        dues_amount=Decimal("250.00"),
        dues_table={"01": "150.00", "11": "400.00"},
        seats_fixed=3,
    )
    MembershipCategory.objects.create(
        code="independant",
        name="Indépendant",
        description="Freelances et micro-entrepreneurs.",
        holder="person",
        dues_rule="fixed",
        dues_amount=Decimal("60.00"),
        period="rolling",
        position=1,
    )
    manager = make_user(email="claire@vienne-web.fr", first_name="Claire", last_name="Martin")
    login(page, live_server, manager)
    page.goto("/members/apply/")
    axe(page, context="main")
    dues = page.locator("#dues-live")
    assert "Choisissez une catégorie" in dues.inner_text()
    page.locator(f"#category-{category.pk}").check()
    page.get_by_text("Votre cotisation : 250,00").wait_for()  # default amount, band unknown
    page.locator("#id_headcount_band").select_option("11")
    page.get_by_text("Votre cotisation : 400,00").wait_for()  # live, without reloading
    page.locator("#id_legal_name").fill("Vienne Web SAS")
    page.locator("#id_siren").fill("552100555")
    page.get_by_text("n’est pas valide").wait_for()
    page.locator("#id_siren").fill("552100554")
    page.get_by_text("Numéro SIREN valide").wait_for()
    page.locator("#id_naf_code").fill("62.01Z")
    assert page.locator("#id_first_name").input_value() == "Claire"
    page.locator("#id_postal_code").fill("86000")
    page.locator("#id_city").fill("Poitiers")
    page.locator("#id_consent").check()
    page.locator("#id_directory").check()
    shoot(page, "members-apply")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_role("heading", name="Demande reçue").wait_for()
    assert OutgoingEmail.objects.filter(to="claire@vienne-web.fr").exists()

    login(page, live_server, make_user("staff"))
    page.goto("/manage/members/applications/")
    page.get_by_role("button", name="Accepter").click()
    page.get_by_text("facture de cotisation a été émise").wait_for()

    login(page, live_server, make_user("treasurer"))
    page.goto("/manage/billing/invoices/")
    page.locator("main td a").first.click()
    page.locator("#id_amount").fill("400")
    page.locator("#id_method").select_option("transfer")
    page.locator("#id_reference").fill("VIR VIENNE WEB 2026")
    page.get_by_role("button", name="Enregistrer le paiement").click()
    page.get_by_text("Paiement enregistré").wait_for()
    membership = Membership.objects.get()
    assert membership.status == "active"

    login(page, live_server, manager)
    page.goto("/members/me/")
    axe(page, context="main")
    page.get_by_text("Adhérent depuis le").wait_for()
    shoot(page, "members-space")
    with page.expect_download() as download:
        page.locator("main td a", has_text="PDF").first.click()
    assert download.value.suggested_filename.startswith("F")
    # The invoice number leads to the invoice's page (where it can be paid online when a
    # payment provider is configured).
    page.locator("main td a").first.click()
    page.get_by_role("heading", name=re.compile("Facture F")).wait_for()
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mon attestation d’adhésion").click()
    assert download.value.suggested_filename.startswith("attestation")

    # The manager invites a colleague, who accepts with their own account.
    page.get_by_role("link", name="Gérer les places").click()
    axe(page, context="main")
    page.locator("#id_email").fill("hugo@vienne-web.fr")
    page.locator("#id_first_name").fill("Hugo")
    page.locator("#id_last_name").fill("Bernard")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.get_by_text("L’invitation a été envoyée à hugo@vienne-web.fr").wait_for()
    mail = OutgoingEmail.objects.get(to="hugo@vienne-web.fr")
    link = re.search(r"/members/invitations/\S+/", mail.body_text).group(0)
    login(page, live_server, make_user(email="hugo@vienne-web.fr"))
    page.goto(link)
    page.get_by_role("button", name="Accepter l’invitation").click()
    page.get_by_text("Bienvenue").wait_for()
    assert membership.seats.filter(removed_at__isnull=True).count() == 2

    # The company appears in the public list (it opted in), without personal data.
    page.context.clear_cookies()
    page.goto("/members/")
    axe(page, context="main")
    page.get_by_role("heading", name="Vienne Web SAS").wait_for()
    assert "Claire" not in page.locator("main").inner_text()
    assert Organisation.objects.get().directory_listed


def test_public_list_screenshot(page, live_server, make_user):
    """The member list with several members, as a logged-in active member sees it."""
    from guild.members.models import NafCode, Person

    category = MembershipCategory.objects.create(
        code="entreprise", name="Entreprise", holder="organisation", dues_amount=Decimal("100")
    )
    towns = [("Limoges", "87"), ("Poitiers", "86"), ("La Rochelle", "17"), ("Pau", "64")]
    codes = ["62.01Z", "62.02A", "63.11Z", "58.29C", "73.11Z", "70.22Z"]
    names = [
        "Atelier Pixel",
        "Bocage Data",
        "Charente Cloud",
        "Dordogne Dev",
        "Estuaire Numérique",
        "Forêt Logicielle",
    ]
    viewer = make_user(email="viewer@atelier-pixel.fr")
    for i, name in enumerate(names):
        city, dep = towns[i % len(towns)]
        org = Organisation.objects.create(
            legal_name=name,
            naf=NafCode.objects.filter(code=codes[i]).first(),
            city=city,
            departement=dep,
            directory_listed=True,
            website=f"https://{name.split()[1].lower()}.fr",
            description="Conception et développement d’applications sur mesure pour les "
            "entreprises de la région.",
        )
        person = Person.objects.create(
            first_name="Camille",
            last_name=f"Roux{i}",
            email=f"camille{i}@exemple.fr",
            job_title="Gérante",
            organisation=org,
            user=viewer if i == 0 else None,
        )
        membership = Membership.objects.create(
            category=category, organisation=org, status="active", contact=person
        )
        membership.seats.create(person=person, role="manager")
    login(page, live_server, viewer)
    page.goto("/members/")
    page.get_by_text("Vous êtes adhérent").wait_for()
    shoot(page, "members-list")
    page.locator("#id_departement").select_option("87")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_text("2 adhérents").wait_for()

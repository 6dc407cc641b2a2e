"""Done when: a chair creates a mission and actions across the three horizons, a member joins
and updates progress, a meeting's minutes create an action, the roadmap shows it under the
right horizon, and the activity report PDF lists it."""

from __future__ import annotations

import re
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from guild.commissions.models import Action, Membership
from guild.commissions.services.base import add_months
from tests.commissions.factories import CommissionFactory, MembershipFactory, association_member

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def pdf_texts(pdf: bytes) -> list[str]:
    """Strings WeasyPrint writes as bookmarks (outline titles), from raw and deflated data."""
    blobs = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            blobs.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    texts = []
    for blob in blobs:
        for hex_text, plain in re.findall(rb"/Title\s*(?:<([0-9a-fA-F]+)>|\(([^)]*)\))", blob):
            if hex_text:
                raw = bytes.fromhex(hex_text.decode())
                texts.append(
                    raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
                )
            else:
                texts.append(plain.decode("latin-1"))
    return texts


def create_action(page, slug, mission_title, title, target, status="planned"):
    page.goto(f"/commissions/{slug}/actions/new/")
    page.select_option("#id_mission", label=mission_title)
    page.fill("#id_title", title)
    page.select_option("#id_status", status)
    page.fill("#id_start_date", timezone.localdate().isoformat())
    page.fill("#id_target_date", target.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/commissions/actions/\d+/$"))


def test_chair_member_meeting_roadmap_report(page, live_server, make_user, axe):
    chair = make_user(first_name="Claire", last_name="Durand")
    member = association_member(make_user(first_name="Marc", last_name="Leroy"))
    commission = CommissionFactory(name="Formation et compétences", slug="formation")
    MembershipFactory(commission=commission, user=chair, role=Membership.Role.CHAIR)
    today = timezone.localdate()

    # The chair creates a mission…
    login(page, live_server, chair)
    page.goto("/commissions/formation/")
    axe(page, context="#main")
    page.get_by_role("link", name="Nouvelle mission").click()
    page.fill("#id_title", "Former les TPE au numérique")
    page.fill("#id_objectives", "Dix ateliers par an\nUn guide pratique")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/commissions/formation/")
    assert page.get_by_role("heading", name="Former les TPE au numérique").is_visible()

    # …and actions across the three horizons.
    create_action(
        page,
        "formation",
        "Former les TPE au numérique",
        "Atelier cybersécurité",
        today + timedelta(days=45),
    )
    create_action(
        page, "formation", "Former les TPE au numérique", "Guide pratique", add_months(today, 12)
    )
    create_action(
        page,
        "formation",
        "Former les TPE au numérique",
        "Label qualité",
        add_months(today, 30),
        status="idea",
    )
    horizons = dict(Action.objects.values_list("title", "horizon"))
    assert horizons == {
        "Atelier cybersécurité": "short",
        "Guide pratique": "medium",
        "Label qualité": "long",
    }
    page.goto("/commissions/formation/board/")
    axe(page, context="#main")

    # A member asks to join; the chair approves.
    login(page, live_server, member)
    page.goto("/commissions/formation/")
    page.get_by_role("button", name="Demander à rejoindre").click()
    assert page.get_by_text("Votre demande a été transmise aux présidents.").is_visible()
    login(page, live_server, chair)
    page.goto("/commissions/formation/members/")
    axe(page, context="#main")
    page.get_by_role("button", name="Accepter").click()
    assert page.get_by_text("La liste des membres a été mise à jour.").is_visible()

    # The member updates the progress of an action.
    login(page, live_server, member)
    guide = Action.objects.get(title="Guide pratique")
    page.goto(f"/commissions/actions/{guide.pk}/")
    axe(page, context="#main")
    page.fill("#id_progress", "40")
    page.get_by_role("button", name="Mettre à jour l’avancement").click()
    assert page.get_by_text("L’avancement a été mis à jour.").is_visible()
    guide.refresh_from_db()
    assert guide.progress == 40

    # The chair moves an action on the board (htmx, through the status service).
    login(page, live_server, chair)
    atelier = Action.objects.get(title="Atelier cybersécurité")
    page.goto("/commissions/formation/board/")
    card = page.locator(f"#action-{atelier.pk}")
    card.locator("select[name=status]").select_option("in_progress")
    card.get_by_role("button", name="Déplacer").click()
    page.locator("#col-in_progress").locator("xpath=..").get_by_role(
        "link", name="Atelier cybersécurité"
    ).wait_for()
    atelier.refresh_from_db()
    assert atelier.status == "in_progress"
    # …or by dragging a card onto another column.
    guide.refresh_from_db()
    page.locator(f"#action-{guide.pk}").drag_to(page.locator("section[data-status=in_progress]"))
    page.locator("section[data-status=in_progress]").get_by_role(
        "link", name="Guide pratique"
    ).wait_for()
    guide.refresh_from_db()
    assert guide.status == "in_progress"

    # A meeting; its minutes create an action.
    page.goto("/commissions/formation/meetings/new/")
    starts = (timezone.localtime() + timedelta(days=7)).replace(hour=18, minute=0)
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_location", "Maison des associations")
    page.fill("#id_agenda", "Bilan des ateliers\nProchaines actions")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/commissions/meetings/\d+/$"))
    axe(page, context="#main")
    page.fill("#id_minutes", "La commission lance un partenariat avec l’université.")
    page.fill("#id_decisions", "Signer une convention avec l’université")
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    assert page.get_by_text("Le compte rendu a été enregistré.").is_visible()
    page.select_option("#id_act-mission", label="Former les TPE au numérique")
    page.fill("#id_act-title", "Convention avec l’université")
    page.select_option("#id_act-status", "in_progress")
    page.fill("#id_act-start_date", today.isoformat())
    page.fill("#id_act-target_date", add_months(today, 10).isoformat())
    page.get_by_role("button", name="Créer l’action").click()
    page.wait_for_url(re.compile(r"/commissions/actions/\d+/$"))
    assert page.get_by_text("L’action a été créée depuis le compte rendu.").is_visible()
    convention = Action.objects.get(title="Convention avec l’université")
    assert convention.source_meeting is not None
    assert convention.horizon == "medium"

    # The roadmap shows it under "next" (medium term).
    page.goto("/commissions/roadmap/?commission=formation")
    axe(page, context="#main")
    assert page.locator("#horizon-medium").get_by_text("Convention avec l’université").is_visible()
    assert page.locator("#horizon-short").get_by_text("Convention avec l’université").count() == 0

    # The activity report PDF lists it.
    page.goto("/commissions/formation/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Rapport d’activité (PDF)").click()
    download = info.value
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    texts = pdf_texts(pdf)
    assert "Convention avec l’université" in texts
    assert "Atelier cybersécurité" in texts
    assert "Label qualité" not in texts  # an idea is neither done nor in progress
    assert not page.js_errors

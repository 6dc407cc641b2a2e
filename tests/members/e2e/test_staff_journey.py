"""Staff edit a membership category, find a member in the list and exclude them with a reason."""

import pathlib
from decimal import Decimal

import pytest
from django.test import Client

from guild.core.models import AuditEntry
from guild.members.models import Membership, MembershipCategory, Person
from guild.members.services import membership_apply, membership_transition

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = pathlib.Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "members"


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_staff_edits_category_finds_and_excludes_member(page, live_server, make_user, axe):
    category = MembershipCategory.objects.create(
        code="independant",
        name="Indépendant",
        holder="person",
        dues_rule="fixed",
        dues_amount=Decimal("60.00"),
    )
    for i, name in enumerate(["Martin", "Durand", "Lefèvre"]):
        person = Person.objects.create(
            first_name="Alex", last_name=name, email=f"alex{i}@example.fr", departement="87"
        )
        membership = membership_apply(actor=None, category=category, person=person)
        membership_transition(actor=None, membership=membership, to_status="admitted")
        membership_transition(actor=None, membership=membership, to_status="active")
    SHOTS.mkdir(parents=True, exist_ok=True)

    login(page, live_server, make_user("staff"))
    page.goto("/manage/members/categories/")
    page.get_by_role("link", name="Indépendant").click()
    page.locator("#id_dues_amount").fill("75")
    page.locator("#id_vat_rate").fill("7")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le taux de TVA doit être 0, 5,5, 10 ou 20 %.").wait_for()
    page.locator("#id_vat_rate").fill("0")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La catégorie « Indépendant » a été enregistrée.").wait_for()
    page.screenshot(path=SHOTS / "staff-categories.png", full_page=True)
    assert MembershipCategory.objects.get().dues_amount == Decimal("75.00")

    page.goto("/manage/members/")
    page.locator("#id_q").fill("durand")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_text("1 adhésion trouvée.").wait_for()
    axe(page, context="main")
    page.screenshot(path=SHOTS / "staff-member-list.png", full_page=True)
    page.get_by_role("link", name="Alex Durand").click()
    page.locator("#exclude-reason").fill("Manquements répétés au règlement intérieur (art. 4).")
    page.get_by_role("button", name="Exclure le membre").click()
    page.get_by_text("L’exclusion a été enregistrée.").wait_for()
    axe(page, context="main")
    page.screenshot(path=SHOTS / "staff-member-detail.png", full_page=True)

    excluded = Membership.objects.get(person__last_name="Durand")
    assert excluded.status == "excluded"
    assert excluded.end_reason.startswith("Manquements répétés")
    assert AuditEntry.objects.filter(action="membership.excluded").count() == 1
    assert Membership.objects.filter(status="active").count() == 2


def test_treasurer_edits_reminders_and_follows_the_dues_call(page, live_server, make_user, axe):
    from guild.members.models import DuesCallRun, DuesReminderStep

    category = MembershipCategory.objects.create(
        code="independant", name="Indépendant", holder="person", dues_amount=Decimal("60.00")
    )
    for i in range(3):
        person = Person.objects.create(
            first_name="Léa", last_name=f"Morel {i}", email=f"lea{i}@example.fr"
        )
        membership = membership_apply(actor=None, category=category, person=person)
        membership_transition(actor=None, membership=membership, to_status="admitted")
        membership_transition(actor=None, membership=membership, to_status="active")
    for offset in (-30, 0, 15, 30):
        DuesReminderStep.objects.get_or_create(offset_days=offset)
    SHOTS.mkdir(parents=True, exist_ok=True)

    login(page, live_server, make_user("treasurer"))
    page.goto("/manage/members/dues/")
    page.locator("#id_offset_days").fill("7")
    page.get_by_role("button", name="Ajouter une relance").click()
    page.get_by_text("7 jours après l’échéance").wait_for()
    axe(page, context="main")
    page.screenshot(path=SHOTS / "staff-dues.png", full_page=True)
    page.get_by_role("button", name="Lancer l’appel de cotisations").click()
    page.locator("#dues-progress").get_by_text("terminé").wait_for()
    axe(page, context="main")
    page.screenshot(path=SHOTS / "staff-dues-progress.png", full_page=True)
    run = DuesCallRun.objects.get()
    assert (run.status, run.invoiced, run.emailed) == ("done", 3, 3)

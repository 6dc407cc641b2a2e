"""Journey: the space manager adds a meeting room and a plan with credits from the manager's
screens, a member's booking uses the credits and the day overview lists it.
Saves docs/screenshots/coworking-*.png (refreshed with GUILD_SCREENSHOTS=1)."""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from guild.coworking.models import Plan, Resource, Subscription
from guild.coworking.services import booking_create
from tests.coworking.e2e.test_booking_journey import login
from tests.coworking.helpers import at, make_member, make_space

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def _shoot(page, name: str) -> None:
    target = SCREENSHOTS / f"{name}.png"
    if os.environ.get("GUILD_SCREENSHOTS") or not target.exists():
        page.screenshot(path=str(target), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_manager_adds_room_and_plan_member_uses_credits(page, axe, make_user, transactional_db):
    space = make_space()
    manager = make_user("space_manager", first_name="Inès", last_name="Gérante")
    login(page, manager)
    page.goto(f"/manage/coworking/spaces/{space.pk}/")
    axe(page)
    page.goto(f"/manage/coworking/spaces/{space.pk}/resources/new/")
    page.select_option("#id_kind", "meeting_room")
    page.fill("#id_name", "Salle Gartempe")
    page.fill("#id_capacity", "6")
    page.fill("#id_equipment", "écran, tableau blanc")
    page.fill("#id_member_price_hour", "30")
    page.fill("#id_public_price_hour", "20")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "Le tarif adhérent ne peut pas dépasser le tarif non-adhérent." in page.content()
    _shoot(page, "coworking-resource-form")
    page.fill("#id_member_price_hour", "10")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "Ressource enregistrée." in page.content()
    room = Resource.objects.get(name="Salle Gartempe")

    page.goto(f"/manage/coworking/spaces/{space.pk}/plans/new/")
    page.select_option("#id_kind", "monthly_hot_desk")
    page.fill("#id_name", "Nomade 4 h")
    page.fill("#id_price", "150")
    page.fill("#id_room_hours_per_month", "4")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "Formule enregistrée." in page.content()
    _shoot(page, "coworking-space-manage")
    axe(page)

    member = make_member(first_name="Camille", last_name="Durand")
    Subscription.objects.create(
        plan=Plan.objects.get(name="Nomade 4 h"),
        user=member,
        status="active",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=29),
    )
    booking = booking_create(actor=member, resource=room, start=at(1, 9), end=at(1, 10))[0]
    assert booking.credit_minutes == 60 and booking.overage == Decimal("0.00")

    page.goto(f"/manage/coworking/day/?date={at(1, 9).date():%Y-%m-%d}")
    assert "Camille Durand" in page.content()
    _shoot(page, "coworking-day")
    axe(page)

    page.context.clear_cookies()
    login(page, member)
    page.goto("/coworking/my-bookings/")
    assert "Crédits de salle de réunion" in page.content()
    assert "60 minutes de crédit utilisées" in page.content()
    _shoot(page, "coworking-my-credits")
    axe(page)

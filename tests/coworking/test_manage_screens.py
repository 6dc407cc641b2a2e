"""The space manager's screens: spaces, opening hours, closures, resources, plans, day."""

from datetime import date

import pytest
from django.urls import reverse

from guild.coworking.models import Closure, OpeningHours, Plan, Resource, Space
from guild.coworking.services import booking_create
from tests.coworking.helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, make_user):
    client.force_login(make_user("space_manager"))
    return client


def test_member_cannot_open_the_manager_screens(client, member, space):
    client.force_login(member)
    for url in (
        reverse("coworking:manage_spaces"),
        reverse("coworking:manage_space", args=[space.pk]),
        reverse("coworking:manage_day"),
        reverse("coworking:manage_resource_new", args=[space.pk]),
    ):
        assert client.get(url).status_code == 403


def test_create_a_space_then_hours_and_closure(manager_client):
    response = manager_client.post(
        reverse("coworking:manage_space_new"),
        {
            "action": "space",
            "name": "Espace Brive",
            "slug": "brive",
            "address_line": "3 avenue de Paris",
            "postal_code": "19100",
            "city": "Brive-la-Gaillarde",
            "min_minutes": 30,
            "max_minutes": 600,
            "max_days_ahead": 60,
            "max_concurrent": 5,
            "cancel_deadline_hours": 2,
            "buffer_minutes": 0,
            "no_show_release_minutes": 30,
        },
    )
    space = Space.objects.get(slug="brive")
    assert response.status_code == 302
    url = reverse("coworking:manage_space", args=[space.pk])
    manager_client.post(
        url,
        {"action": "hours", "hours-weekday": 0, "hours-opens": "08:30", "hours-closes": "19:00"},
    )
    assert OpeningHours.objects.filter(space=space, weekday=0).exists()
    manager_client.post(
        url,
        {
            "action": "closure",
            "closure-date_from": "2026-12-24",
            "closure-date_to": "2026-12-26",
            "closure-reason": "Noël",
        },
    )
    assert Closure.objects.get(space=space).reason == "Noël"
    page = manager_client.get(url).content.decode()
    assert "Lundi 08:30–19:00" in page or "lundi 08:30–19:00" in page.lower()


def test_bad_input_is_refused_in_french(manager_client, space):
    url = reverse("coworking:manage_space", args=[space.pk])
    response = manager_client.post(
        url,
        {
            "action": "space",
            "name": "X",
            "slug": space.slug,
            "postal_code": "8700",
            "min_minutes": 120,
            "max_minutes": 60,
            "max_days_ahead": 60,
            "max_concurrent": 5,
            "cancel_deadline_hours": 2,
            "buffer_minutes": 0,
            "no_show_release_minutes": 30,
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Un code postal français compte cinq chiffres." in body
    assert "La durée maximale ne peut pas être inférieure à la durée minimale." in body
    space.refresh_from_db()
    assert space.name == "Espace Limoges"

    response = manager_client.post(
        url,
        {"action": "hours", "hours-weekday": 2, "hours-opens": "18:00", "hours-closes": "09:00"},
    )
    assert response.status_code == 400
    assert "L’heure de fermeture doit être postérieure" in response.content.decode()
    response = manager_client.post(
        url,
        {"action": "closure", "closure-date_from": "2026-12-26", "closure-date_to": "2026-12-24"},
    )
    assert response.status_code == 400
    assert not Closure.objects.exists()


RESOURCE = {
    "kind": "meeting_room",
    "name": "Salle Creuse",
    "description": "",
    "capacity": 10,
    "pool_size": 1,
    "equipment": "écran, visioconférence",
    "member_price_hour": "12",
    "public_price_hour": "20",
    "member_price_half_day": "40",
    "public_price_half_day": "70",
    "member_price_day": "70",
    "public_price_day": "120",
    "active": "on",
    "position": 0,
}


def test_resource_create_edit_and_validation(manager_client, space):
    url = reverse("coworking:manage_resource_new", args=[space.pk])
    bad = manager_client.post(url, {**RESOURCE, "member_price_hour": "25", "pool_size": 4})
    body = bad.content.decode()
    assert bad.status_code == 400
    assert "Le tarif adhérent ne peut pas dépasser le tarif non-adhérent." in body
    assert "Seul un ensemble de postes nomades peut compter plusieurs postes." in body
    assert not Resource.objects.filter(name="Salle Creuse").exists()
    assert manager_client.post(url, RESOURCE).status_code == 302
    resource = Resource.objects.get(name="Salle Creuse")
    assert resource.equipment == "écran, visioconférence"
    edit = reverse("coworking:manage_resource", args=[space.pk, resource.pk])
    manager_client.post(edit, {**RESOURCE, "capacity": 12})
    resource.refresh_from_db()
    assert resource.capacity == 12


def test_plan_create_with_credits(manager_client, space):
    url = reverse("coworking:manage_plan_new", args=[space.pk])
    data = {
        "kind": "monthly_hot_desk",
        "name": "Nomade+",
        "price": "180",
        "vat_rate": "20",
        "members_only": "on",
        "days_included": 0,
        "validity_days": 30,
        "room_hours_per_month": 4,
        "active": "on",
    }
    bad = manager_client.post(url, {**data, "vat_rate": "19.6", "price": "-1"})
    assert bad.status_code == 400
    assert "Choisissez un taux de TVA français" in bad.content.decode()
    assert manager_client.post(url, data).status_code == 302
    plan = Plan.objects.get(name="Nomade+")
    assert plan.members_only and plan.room_hours_per_month == 4


def test_day_overview_lists_bookings_per_resource(
    manager_client, room, member, django_assert_max_num_queries
):
    booking_create(actor=member, resource=room, start=at(1, 9), end=at(1, 10))
    day = at(1, 9).date()
    url = reverse("coworking:manage_day") + f"?date={day:%Y-%m-%d}"
    response = manager_client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Salle Vienne" in body and member.display_name in body
    assert "09:00–10:00" in body
    # bad date falls back to today
    assert manager_client.get(reverse("coworking:manage_day") + "?date=lundi").status_code == 200
    assert isinstance(day, date)

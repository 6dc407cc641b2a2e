"""Builders shared by the co-working and sourcing tests (real models, no mocks)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from guild.coworking.models import OpeningHours, Resource, Space
from guild.members.models import Membership, MembershipCategory, Organisation, Person
from tests.factories import UserFactory


def category(holder="person"):
    cat, _ = MembershipCategory.objects.get_or_create(
        code=f"test-{holder}", defaults={"name": f"Test {holder}", "holder": holder}
    )
    return cat


def make_member(user=None, *, organisation=None, independent=True, departement="87", **kw):
    user = user or UserFactory(**kw)
    person = Person.objects.create(
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        user=user,
        organisation=organisation,
        is_independent=independent,
        departement=departement,
    )
    if organisation is not None:
        Membership.objects.get_or_create(
            organisation=organisation,
            defaults={"category": category("organisation"), "status": "active"},
        )
    else:
        Membership.objects.create(person=person, category=category(), status="active")
    return user


def make_organisation(name="Octet Limousin", departement="87", **kw):
    return Organisation.objects.create(legal_name=name, departement=departement, **kw)


def make_space(**kw) -> Space:
    defaults = {
        "name": "Espace Limoges",
        "slug": "limoges",
        "city": "Limoges",
        "address_line": "12 rue des Tisserands",
        "postal_code": "87000",
    }
    space = Space.objects.create(**{**defaults, **kw})
    for weekday in range(7):
        OpeningHours.objects.create(space=space, weekday=weekday, opens=time(8), closes=time(20))
    return space


def make_room(space, name="Salle Vienne", **kw) -> Resource:
    return Resource.objects.create(
        space=space,
        kind=Resource.Kind.MEETING_ROOM,
        name=name,
        capacity=8,
        member_price_hour=10,
        public_price_hour=20,
        member_price_half_day=30,
        public_price_half_day=60,
        member_price_day=50,
        public_price_day=100,
        **kw,
    )


def make_pool(space, size=3) -> Resource:
    return Resource.objects.create(
        space=space,
        kind=Resource.Kind.HOT_DESK_POOL,
        name="Open space",
        pool_size=size,
        member_price_day=15,
        public_price_day=25,
    )


def at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())

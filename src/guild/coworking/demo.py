"""Demo co-working space in Limoges: resources, plans and a few bookings (idempotent)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from guild.coworking import services
from guild.coworking.models import Booking, OpeningHours, Plan, Resource, Space


def seed(ctx) -> None:
    if Space.objects.filter(slug="limoges").exists():
        ctx.log("coworking: space already there")
        return
    space = Space.objects.create(
        name="La Fabrique numérique – Limoges",
        slug="limoges",
        address_line="12 rue des Tisserands",
        postal_code="87000",
        city="Limoges",
        buffer_minutes=10,
    )
    for weekday in range(5):
        OpeningHours.objects.create(
            space=space, weekday=weekday, opens=time(8, 30), closes=time(19)
        )
    OpeningHours.objects.create(space=space, weekday=5, opens=time(9), closes=time(13))
    rooms = [
        Resource.objects.create(
            space=space,
            kind="hot_desk_pool",
            name="Plateau partagé",
            pool_size=14,
            member_price_day=12,
            public_price_day=20,
            member_price_half_day=7,
            public_price_half_day=12,
        ),
        Resource.objects.create(
            space=space,
            kind="dedicated_desk",
            name="Poste dédié n°1",
            member_price_day=18,
            public_price_day=28,
        ),
        Resource.objects.create(
            space=space,
            kind="meeting_room",
            name="Salle Vienne",
            capacity=10,
            equipment="Écran 75 pouces, visioconférence",
            member_price_hour=15,
            public_price_hour=30,
            member_price_half_day=45,
            public_price_half_day=90,
            member_price_day=80,
            public_price_day=160,
        ),
        Resource.objects.create(
            space=space,
            kind="meeting_room",
            name="Salle Creuse",
            capacity=4,
            equipment="Tableau blanc",
            member_price_hour=8,
            public_price_hour=16,
        ),
        Resource.objects.create(
            space=space,
            kind="phone_booth",
            name="Cabine Corrèze",
            member_price_hour=0,
            public_price_hour=5,
        ),
    ]
    for kind, name, price, members_only, days, validity, hours in [
        ("day_pass", "Pass journée", 15, False, 1, 1, 0),
        ("ten_days", "Carte 10 jours", 120, False, 10, 180, 2),
        ("monthly_hot_desk", "Résident nomade (mois)", 180, True, 0, 30, 4),
        ("monthly_dedicated", "Résident poste dédié (mois)", 280, True, 0, 30, 8),
    ]:
        Plan.objects.create(
            space=space,
            kind=kind,
            name=name,
            price=price,
            members_only=members_only,
            days_included=days,
            validity_days=validity,
            room_hours_per_month=hours,
        )
    users = ctx.shared.get("users", {})
    manager = users.get("space_manager") or users.get("administrator")
    member = users.get("member")
    if manager and member:
        tz = timezone.get_current_timezone()
        day = timezone.localdate() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        for resource, start, end in [(rooms[2], 10, 12), (rooms[0], 9, 18), (rooms[3], 14, 15)]:
            services.booking_create(
                actor=manager,
                user=member,
                resource=resource,
                start=datetime.combine(day, time(start), tzinfo=tz),
                end=datetime.combine(day, time(end), tzinfo=tz),
            )
    ctx.log(f"coworking: 1 space, {len(rooms)} resources, {Booking.objects.count()} bookings")

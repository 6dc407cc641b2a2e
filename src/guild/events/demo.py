"""Demo data: this year's trade show open for registration with a few hundred registrations,
invitation codes for members and exhibitors, and two small events."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from guild.events.models import (
    CheckinList,
    Event,
    Exhibitor,
    Question,
    RewardTier,
    Series,
    TicketType,
    Voucher,
)

PARIS = ZoneInfo("Europe/Paris")
FIRST = [
    "Camille",
    "Léa",
    "Hugo",
    "Louis",
    "Manon",
    "Chloé",
    "Nathan",
    "Inès",
    "Jules",
    "Emma",
    "Lucas",
    "Sarah",
    "Théo",
    "Julie",
    "Antoine",
    "Clara",
    "Maxime",
    "Laura",
    "Paul",
    "Zoé",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Faure",
    "Mercier",
]
COMPANIES = [
    "Octet Limousin",
    "CloudBreizh",
    "Pixel & Co",
    "Data Vienne",
    "Agence Tulle Web",
    "Creuse Numérique",
    "SoftBrive",
    "Logiciels du Centre",
    "Studio Vézère",
    "",
]
SECTORS = [
    "Éditeur de logiciels",
    "ESN / conseil",
    "Agence web",
    "Industrie",
    "Collectivité",
    "Formation",
    "Santé",
    "Commerce",
]
DEPTS = ["87", "87", "87", "19", "19", "23", "24", "16", "86", "36"]
SIZES = ["1-9", "10-49", "50-249", "250+"]


def seed(ctx) -> None:
    from guild.events.services import (
        Attendee,
        event_create,
        event_transition,
        invitation_codes_generate,
        order_place,
    )

    staff = ctx.shared.get("users", {}).get("staff")
    # this year's show opens in about ten weeks; last year's edition is a year earlier
    show_day = timezone.localdate() + timedelta(days=75)
    year = show_day.year
    series, _ = Series.objects.get_or_create(
        slug="salon-numerique", defaults={"name": "Salon du numérique en région"}
    )
    slug = f"salon-numerique-{year}"
    show = Event.objects.filter(slug=slug).first()
    if show is not None:
        ctx.log(f"events: {show.name} already there")
        return
    # last year's edition (archived), then this year's cloned from it and opened
    last_start = datetime(year - 1, show_day.month, min(show_day.day, 28), 9, 0, tzinfo=PARIS)
    last = event_create(
        actor=staff,
        name=f"Salon du numérique en région {year - 1}",
        slug=f"salon-numerique-{year - 1}",
        series=series,
        kind="trade_show",
        starts_at=last_start,
        ends_at=last_start + timedelta(days=1, hours=9),
        capacity=1500,
        venue_name="Parc des expositions de Limoges",
        venue_address="Rue de Lyon, 87000 Limoges",
        summary="Deux jours pour rencontrer les professionnels du numérique de la région.",
        description="Exposants, conférences, rendez-vous d'affaires et espace emploi.",
        confirmation_text="Parking gratuit, accès tram ligne 1 arrêt Parc Expo.",
    )
    capacity = last.quotas.get()
    day1, day2 = last_start.date(), (last_start + timedelta(days=1)).date()
    types = [
        ("Visiteur professionnel", "visitor", "0.00", None, "#1d4ed8", True, []),
        ("Étudiant", "student", "0.00", None, "#047857", True, []),
        (
            "Pass journée conférences",
            "day_pass",
            "35.00",
            "15.00",
            "#b45309",
            True,
            [day1.isoformat()],
        ),
        ("Personnel exposant", "exhibitor", "0.00", None, "#7c3aed", False, []),
        ("Presse", "press", "0.00", None, "#be123c", False, []),
        ("VIP", "vip", "0.00", None, "#111827", False, []),
    ]
    for position, (name, category, price, member, colour, public, days) in enumerate(types):
        ticket = TicketType.objects.create(
            event=last,
            name=name,
            category=category,
            price=Decimal(price),
            member_price=Decimal(member) if member else None,
            colour=colour,
            is_public=public,
            valid_days=days,
            position=position,
            max_per_order=10,
            sale_starts_at=last_start - timedelta(days=120),
            sale_ends_at=last_start + timedelta(days=1, hours=9),
        )
        ticket.quotas.add(capacity)
    Question.objects.create(
        event=last,
        key="sector",
        label="Secteur d'activité",
        kind="choice",
        choices="\n".join(SECTORS),
        position=1,
    )
    Question.objects.create(
        event=last, key="departement", label="Département", kind="text", position=2
    )
    Question.objects.create(
        event=last,
        key="company_size",
        label="Taille de l'entreprise",
        kind="choice",
        choices="\n".join(SIZES),
        position=3,
    )
    Question.objects.create(
        event=last,
        key="interests",
        label="Centres d'intérêt",
        kind="multiple",
        choices="IA\nCybersécurité\nCloud\nRecrutement",
        position=4,
    )
    vip = CheckinList.objects.create(event=last, name="Espace VIP")
    vip.ticket_types.set(last.ticket_types.filter(category__in=["vip", "press"]))
    CheckinList.objects.create(event=last, name="Jour 1", day=day1)
    CheckinList.objects.create(event=last, name="Jour 2", day=day2)
    RewardTier.objects.create(event=last, threshold=5, label="Logo sur la page partenaires")
    RewardTier.objects.create(event=last, threshold=20, label="Invitation au dîner VIP")
    event_transition(actor=staff, event=last, to="open")
    event_transition(actor=staff, event=last, to="closed")
    event_transition(actor=staff, event=last, to="archived")

    show = event_clone_edition_open(ctx, last, staff, year)
    exhibitors = [
        Exhibitor.objects.create(event=show, owner_label=name)
        for name in ("CloudBreizh", "Octet Limousin", "Data Vienne")
    ]
    assert exhibitors
    visitor = show.ticket_types.get(category="visitor")
    invitation_codes_generate(actor=staff, event=show, ticket_type=visitor, max_uses=50)
    codes = list(Voucher.objects.filter(event=show).order_by("pk").values_list("code", flat=True))
    student = show.ticket_types.get(category="student")
    rng = ctx.rng
    for i in range(320):
        first, last_name = rng.choice(FIRST), rng.choice(LAST)
        ticket = student if i % 9 == 0 else visitor
        answers = {
            "sector": rng.choice(SECTORS),
            "departement": rng.choice(DEPTS),
            "company_size": rng.choice(SIZES),
        }
        code = codes[i % len(codes)] if codes and i % 4 == 0 and ticket == visitor else ""
        order_place(
            actor=None,
            event=show,
            notify=False,
            voucher_code=code,
            buyer_name=f"{first} {last_name}",
            buyer_email=_demo_email(first, last_name, i),
            attendees=[
                Attendee(
                    ticket_type_id=ticket.pk,
                    first_name=first,
                    last_name=last_name,
                    email=_demo_email(first, last_name, i),
                    company=rng.choice(COMPANIES),
                    answers=answers,
                    share_with_exhibitors=rng.random() < 0.6,
                )
            ],
        )
    ctx.log(f"events: {show.name} open with 320 registrations")

    for name, days, kind in (
        ("Atelier : cybersécurité des TPE", 12, "workshop"),
        ("Afterwork des adhérents", 26, "meetup"),
    ):
        start = (timezone.localtime() + timedelta(days=days)).replace(
            hour=18, minute=30, second=0, microsecond=0
        )
        small = event_create(
            actor=staff,
            name=name,
            kind=kind,
            starts_at=start,
            ends_at=start + timedelta(hours=2, minutes=30),
            capacity=40,
            venue_name="Espace de coworking de l'association",
            venue_address="12 rue des Tisserands, 87000 Limoges",
        )
        ticket = TicketType.objects.create(
            event=small, name="Participant", price=0, max_per_order=2
        )
        ticket.quotas.add(small.quotas.get())
        small = event_transition(actor=staff, event=small, to="open")
        for i in range(rng.randint(8, 20)):
            first, last_name = rng.choice(FIRST), rng.choice(LAST)
            order_place(
                actor=None,
                event=small,
                notify=False,
                buyer_name=f"{first} {last_name}",
                buyer_email=_demo_email(first, last_name, i),
                attendees=[
                    Attendee(
                        ticket_type_id=ticket.pk, first_name=first, last_name=last_name, email=""
                    )
                ],
            )


def event_clone_edition_open(ctx, last, staff, year):
    from guild.events.services import event_clone_edition, event_transition

    show = event_clone_edition(actor=staff, source=last)
    # this year's sale window is open now
    now = timezone.now()
    show.ticket_types.update(sale_starts_at=now - timedelta(days=30))
    return event_transition(actor=staff, event=show, to="open")


def _demo_email(first: str, last_name: str, index: int) -> str:
    """An address a mail server accepts: no accents, spaces or apostrophes (Inès Le Goff →
    ines.le-goff.12@exemple.fr)."""
    return f"{slugify(first)}.{slugify(last_name)}.{index}@exemple.fr"

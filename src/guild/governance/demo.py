"""Demo data: a policy fit for a regional digital association, bodies, mandates, declarations
and an ordinary assembly in preparation. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from guild.governance.models import Assembly, Body, BylawsPolicy, Declaration, Mandate

DEMO_POLICY = {
    "admission_mode": "sponsorship",
    "sponsors_required": 2,
    "sponsor_seniority_months": 12,
    "sponsorships_per_year": 3,
    "probation_months": 6,
    "group_vote_cap_percent": Decimal("10"),
    "max_proxies": 2,
    "proxy_holder_rule": "any_voter",
    "notice_days": 15,
    "board_seats": 12,
    "board_term_years": 3,
    "board_renewal_by_thirds": True,
    "elected_office_bars_executive": True,
    "max_board_seats_with_elected_office": 2,
    "public_money_ceiling_percent": Decimal("30"),
}


def _person(user, job=""):
    from guild.members.models import Person

    person = getattr(user, "person", None)
    if person is None:
        person = Person.objects.filter(email__iexact=user.email).first()
    if person is None:
        person = Person.objects.create(
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            user=user,
            job_title=job,
        )
    elif person.user_id is None:
        person.user = user
        person.save(update_fields=["user"])
    return person


def seed(ctx) -> None:
    from guild.governance.services import policy_create_version
    from guild.governance.services.bodies import declaration_submit

    users = ctx.shared.get("users", {})
    admin = users.get("administrator")
    if not BylawsPolicy.objects.exists():
        policy_create_version(
            actor=admin,
            data=DEMO_POLICY,
            effective_from=date(2026, 1, 1),
            note="Statuts adoptés par l'assemblée constitutive.",
            check_permission=False,
        )
        ctx.log("gouvernance : politique statutaire v1")
    board, _ = Body.objects.get_or_create(
        slug="conseil-administration",
        defaults={
            "kind": Body.Kind.BOARD,
            "name": "Conseil d'administration",
            "seats": 12,
            "admission_body": True,
            "position": 1,
        },
    )
    bureau, _ = Body.objects.get_or_create(
        slug="bureau",
        defaults={"kind": Body.Kind.EXECUTIVE, "name": "Bureau", "seats": 4, "position": 2},
    )
    today = timezone.localdate()
    start = date(today.year - 1, 6, 15)
    roles = [
        ("board", Mandate.Role.PRESIDENT, "Dirigeante d'une ESN"),
        ("treasurer", Mandate.Role.TREASURER, "Expert-comptable"),
        ("secretary", Mandate.Role.SECRETARY, "Développeuse indépendante"),
    ]
    for code, role, job in roles:
        user = users.get(code)
        if user is None:
            continue
        person = _person(user, job)
        if not Declaration.objects.filter(person=person, year=today.year).exists():
            declaration_submit(
                actor=user,
                person=person,
                year=today.year,
                data={
                    "employer": job,
                    "no_elected_office": True,
                    "business_ties": "Aucun",
                    "public_funding_ties": "Aucun",
                },
                offices=[],
            )
        for body in (board, bureau):
            Mandate.objects.get_or_create(
                body=body,
                person=person,
                ended_on=None,
                defaults={
                    "role": role,
                    "starts_on": start,
                    "ends_on": start.replace(year=start.year + 3),
                },
            )
    if not Assembly.objects.exists():
        starts = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(
            days=30
        )
        assembly = Assembly.objects.create(
            title=f"Assemblée générale ordinaire {today.year}",
            kind=Assembly.Kind.ORDINARY,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            location="La Filature numérique, 12 rue des Tisserands, Limoges",
            remote_url="https://visio.numerique-en-region.fr/ag",
        )
        for pos, title in enumerate(
            [
                "Rapport moral du président",
                "Rapport financier",
                "Renouvellement du tiers sortant du conseil",
                "Questions diverses",
            ],
            start=1,
        ):
            assembly.agenda.create(position=pos, title=title)
        ctx.log("gouvernance : assemblée générale en préparation")

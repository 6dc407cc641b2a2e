"""Demo data: membership categories and ~60 member organisations and freelancers of
Nouvelle-Aquitaine, with their dues invoices and payments. Idempotent."""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from guild.members.models import MembershipCategory, NafCode, Organisation, Person

CATEGORIES = [
    (
        "entreprise",
        "Entreprise",
        "organisation",
        "headcount",
        "150.00",
        True,
        2,
        {
            "00": "80.00",
            "01": "120.00",
            "02": "180.00",
            "03": "250.00",
            "11": "400.00",
            "12": "600.00",
        },
    ),
    ("independant", "Indépendant", "person", "fixed", "60.00", True, 1, {}),
    ("etudiant", "Étudiant / demandeur d’emploi", "person", "free", "10.00", True, 1, {}),
    (
        "partenaire",
        "Partenaire (sans droit de vote)",
        "organisation",
        "fixed",
        "1000.00",
        False,
        3,
        {},
    ),
    ("honneur", "Membre d’honneur", "person", "fixed", "0.00", False, 1, {}),
]

PITCHES = [
    "Développement d’applications web et mobiles sur mesure pour les PME de la région.",
    "Hébergement, infogérance et sauvegarde pour les entreprises et les collectivités.",
    "Conseil en transformation numérique, accompagnement et formation des équipes.",
    "Conception de sites, référencement et marketing numérique.",
    "Cybersécurité : audits, tests d’intrusion et sensibilisation.",
    "Données et intelligence artificielle appliquées à l’industrie et à l’agriculture.",
]

TOWNS = [
    ("87000", "Limoges", "87"),
    ("87100", "Limoges", "87"),
    ("19100", "Brive-la-Gaillarde", "19"),
    ("19000", "Tulle", "19"),
    ("23000", "Guéret", "23"),
    ("86000", "Poitiers", "86"),
    ("86100", "Châtellerault", "86"),
    ("16000", "Angoulême", "16"),
    ("16100", "Cognac", "16"),
    ("24000", "Périgueux", "24"),
    ("24100", "Bergerac", "24"),
    ("33000", "Bordeaux", "33"),
    ("17000", "La Rochelle", "17"),
    ("79000", "Niort", "79"),
]
PREFIXES = [
    "Limousin",
    "Vienne",
    "Corrèze",
    "Creuse",
    "Périgord",
    "Charente",
    "Aquitaine",
    "Océan",
    "Millevaches",
    "Vézère",
    "Dordogne",
    "Poitou",
]
SUFFIXES = [
    "Numérique",
    "Data",
    "Web",
    "Logiciels",
    "Cloud",
    "Réseaux",
    "Studio",
    "Conseil IT",
    "Cyber",
    "Labs",
]
FORMS = ["SAS", "SARL", "SASU", "SCOP", "EURL"]
FIRST = ["Camille", "Léa", "Hugo", "Manon", "Lucas", "Chloé", "Nathan", "Inès", "Louis", "Jade"]
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
]


def _siren(rng: random.Random) -> str:
    from stdnum import luhn

    base = str(rng.randint(30_000_000, 99_999_999))
    return base + luhn.calc_check_digit(base)


def seed(ctx) -> None:
    from guild.billing.services import payment_record
    from guild.members.services import membership_apply, membership_approve

    categories = {}
    for position, (code, name, holder, rule, amount, voting, seats, table) in enumerate(CATEGORIES):
        categories[code], _ = MembershipCategory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "holder": holder,
                "dues_rule": rule,
                "dues_amount": Decimal(amount),
                "voting": voting,
                "seats_fixed": seats,
                "dues_table": table,
                "position": position,
            },
        )
    if Organisation.objects.filter(email__endswith="@demo-guild.fr").exists():
        ctx.log("members: demo members already there")
        return
    rng = random.Random(2026)
    digital = list(NafCode.objects.filter(is_digital=True))
    treasurer = ctx.shared.get("users", {}).get("treasurer")
    with transaction.atomic():
        for index in range(60):
            postal, city, dep = rng.choice(TOWNS)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{last.lower()}.{index}@demo-guild.fr"
            person = Person.objects.create(
                first_name=first,
                last_name=last,
                email=email,
                postal_code=postal,
                city=city,
                departement=dep,
            )
            if index % 3 == 0:
                person.is_independent = True
                person.save(update_fields=["is_independent"])
                membership = membership_apply(
                    actor=None, category=categories["independant"], person=person
                )
            else:
                org = Organisation.objects.create(
                    legal_name=f"{rng.choice(PREFIXES)} {rng.choice(SUFFIXES)} "
                    f"{rng.choice(FORMS)} {index}",
                    siren=_siren(rng),
                    naf=rng.choice(digital) if digital else None,
                    headcount_band=rng.choice(["00", "01", "02", "03", "11", "12"]),
                    postal_code=postal,
                    city=city,
                    departement=dep,
                    email=f"contact{index}@demo-guild.fr",
                    directory_listed=index % 2 == 0,
                    website=f"https://www.exemple-{index}.fr" if index % 4 == 0 else "",
                    description=PITCHES[index % len(PITCHES)],
                )
                person.organisation = org
                person.save(update_fields=["organisation"])
                membership = membership_apply(
                    actor=None, category=categories["entreprise"], organisation=org, contact=person
                )
            if index % 10 == 9:
                continue  # stays an application to review
            membership_approve(actor=None, membership=membership)
            if index % 4 != 3:
                invoice = (
                    membership.organisation.invoices.first()
                    if membership.organisation
                    else membership.person.invoices.first()
                )
                payment_record(
                    actor=treasurer,
                    invoice=invoice,
                    amount=invoice.balance_due,
                    method=rng.choice(["transfer", "cheque", "card"]),
                    reference=f"VIR {invoice.number}",
                )
    ctx.log("members: 60 demo members created")

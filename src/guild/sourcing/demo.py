"""Demo directory (~20 profiles on the members' demo data) and a few needs (idempotent)."""

from __future__ import annotations

from guild.members.models import Membership, MembershipCategory, Organisation, Person
from guild.sourcing import services
from guild.sourcing.models import Need, Profile, Skill

OFFERS = [
    (
        "Applications web sur mesure, API et intégration continue.",
        ["django", "python", "postgresql", "integration-continue"],
    ),
    (
        "Audits de sécurité, tests d'intrusion et mise en conformité RGPD.",
        ["tests-dintrusion", "rgpd", "iso-27001"],
    ),
    (
        "Hébergement souverain, Kubernetes et infogérance 24/7.",
        ["kubernetes", "ovhcloud", "linux", "sauvegarde-et-pra"],
    ),
    (
        "Design d'interfaces accessibles et recherche utilisateur.",
        ["design-dinterface", "recherche-utilisateur", "accessibilite-numerique-rgaa"],
    ),
    (
        "Tableaux de bord, entrepôts de données et IA générative.",
        ["business-intelligence", "ia-generative", "ingenierie-des-donnees"],
    ),
    (
        "Boutiques en ligne PrestaShop et référencement naturel.",
        ["prestashop", "referencement-naturel", "paiement-en-ligne"],
    ),
    (
        "Intégration Odoo pour les PME, formation des équipes.",
        ["odoo", "formation-bureautique", "gestion-de-projet"],
    ),
    ("Applications mobiles Flutter et React.", ["flutter", "react", "javascript"]),
]
DEPARTEMENTS = ["87", "19", "23", "87", "87", "19", "86", "24"]
FALLBACK_ORGS = [
    "Octet Limousin",
    "Vienne Cyber",
    "Nuage Creusois",
    "Atelier Pixel",
    "Données du Centre",
    "Boutik Web 87",
    "Odoo Corrèze",
    "Appli Porcelaine",
]
FALLBACK_PEOPLE = [
    ("Élodie", "Bérénger"),
    ("Hugo", "Lemaire"),
    ("Inès", "Roux"),
    ("Mathis", "Fougère"),
    ("Léa", "Chastagnol"),
    ("Bastien", "Peyrat"),
    ("Chloé", "Mazaud"),
    ("Noé", "Delage"),
    ("Zoé", "Bouty"),
    ("Théo", "Lacroix"),
    ("Manon", "Faure"),
    ("Jules", "Vergnaud"),
]


def _category(holder):
    cat = MembershipCategory.objects.filter(holder=holder).first()
    if cat is None:
        cat = MembershipCategory.objects.create(
            code=f"demo-sourcing-{holder}", name=f"Démo {holder}", holder=holder
        )
    return cat


def _holders():
    orgs = list(Organisation.objects.order_by("pk")[:10])
    people = list(Person.objects.filter(is_independent=True).order_by("pk")[:10])
    if not orgs:
        for i, name in enumerate(FALLBACK_ORGS):
            org = Organisation.objects.create(
                legal_name=f"{name} SAS",
                trade_name=name,
                departement=DEPARTEMENTS[i],
                city="Limoges",
                headcount_band="02",
            )
            Membership.objects.create(
                organisation=org, category=_category("organisation"), status="active"
            )
            orgs.append(org)
    if not people:
        for i, (first, last) in enumerate(FALLBACK_PEOPLE):
            person = Person.objects.create(
                first_name=first,
                last_name=last,
                is_independent=True,
                departement=DEPARTEMENTS[i % 8],
                email=f"{first.lower()}.{last.lower()}@demo.example".replace("é", "e")
                .replace("è", "e")
                .replace("ï", "i")
                .replace("ô", "o"),
            )
            Membership.objects.create(person=person, category=_category("person"), status="active")
            people.append(person)
    return orgs, people


def seed(ctx) -> None:
    if Profile.objects.exists():
        ctx.log("sourcing: directory already there")
        return
    staff = ctx.shared.get("users", {}).get("staff") or ctx.shared.get("users", {}).get(
        "administrator"
    )
    if staff is None:
        return
    skills = {s.slug: s for s in Skill.objects.all()}
    orgs, people = _holders()
    count = 0
    for i, holder in enumerate([*orgs, *people][:20]):
        offer, slugs = OFFERS[i % len(OFFERS)]
        if isinstance(holder, Organisation):
            profile = Profile(kind=Profile.Kind.ORGANISATION, organisation=holder)
        else:
            profile = Profile(kind=Profile.Kind.FREELANCER, person=holder)
        services.profile_save(
            actor=staff,
            profile=profile,
            data={
                "name": str(holder) if isinstance(holder, Person) else holder.display_name,
                "offer": offer,
                "departements_served": f"{DEPARTEMENTS[i % 8]}, 87",
                "languages": "français, anglais",
                "availability": ["available", "partial", "busy"][i % 3],
                "day_rate_min": 450 + 25 * (i % 6),
                "day_rate_max": 650 + 25 * (i % 6),
                "published": True,
            },
            skills=[(skills[s], 1 + (i + j) % 3) for j, s in enumerate(slugs) if s in skills],
            visibility={"day_rate": "members"},
        )
        count += 1
    need = services.need_submit(
        actor=staff,
        on_behalf=True,
        data={
            "title": "Site de réservation pour une chambre d'hôtes",
            "kind": "quote",
            "description": "Chambre d'hôtes près de Saint-Léonard-de-Noblat : site bilingue "
            "avec réservation et paiement en ligne.",
            "company_name": "Le Moulin du Taurion",
            "company_email": "contact@moulin.example",
            "departement": "87",
            "place": "Saint-Léonard-de-Noblat",
            "budget_min": 3000,
            "budget_max": 6000,
        },
        skills=[skills["django"], skills["paiement-en-ligne"]],
    )
    services.need_moderate(actor=staff, need=need, approve=True)
    services.need_submit(
        actor=staff,
        on_behalf=True,
        data={
            "title": "Audit RGPD d'une mutuelle",
            "kind": "tender",
            "description": "Cartographie des traitements et plan d'action.",
            "company_name": "Mutuelle du Limousin",
            "company_email": "dpo@mutuelle.example",
            "departement": "87",
            "remote": True,
        },
        skills=[skills["rgpd"]],
    )
    ctx.log(f"sourcing: {count} profiles, {Need.objects.count()} needs")

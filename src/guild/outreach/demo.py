"""Demo data for outreach: lists, contacts with consents, a segment, a draft campaign, news."""

from __future__ import annotations

from django.utils import timezone

from guild.outreach import services
from guild.outreach.models import Article, Campaign, Contact, MailingList, Segment

CONTACTS = [
    ("claire.martin@agence-pixel.fr", "Claire", "Martin", "Agence Pixel", "64", ["web"]),
    ("julien.roux@sud-data.fr", "Julien", "Roux", "Sud Data", "40", ["data", "salon-2026"]),
    ("ines.garcia@cci-exemple.fr", "Inès", "Garcia", "CCI", "64", ["institution"]),
    ("marc.petit@presse-locale.fr", "Marc", "Petit", "La Presse locale", "65", ["presse"]),
]


def seed(ctx) -> None:
    newsletter = services.list_ensure(
        name="Lettre d'information",
        slug="newsletter",
        kind=MailingList.Kind.NEWSLETTER,
        description="Les nouvelles de l'association, chaque mois.",
    )
    salon = services.list_ensure(
        name="Actualités du salon",
        slug="salon",
        kind=MailingList.Kind.TRADESHOW,
        description="Programme, exposants et inscriptions du salon.",
    )
    staff = ctx.shared.get("users", {}).get("staff")
    for email, first, last, org, dep, tags in CONTACTS:
        if Contact.objects.filter(email=email).exists():
            continue
        contact = services.contact_upsert(
            actor=None,
            email=email,
            first_name=first,
            last_name=last,
            organisation_name=org,
            departement=dep,
            tags=tags,
        )
        for mailing_list in (newsletter, salon):
            services.subscription_set(
                actor=None,
                contact=contact,
                mailing_list=mailing_list,
                active=True,
                source="demo",
                wording="J'accepte de recevoir les nouvelles par e-mail.",
            )
    segment, _ = Segment.objects.get_or_create(
        name="Pyrénées-Atlantiques", defaults={"filters": {"departement": "64"}}
    )
    if not Campaign.objects.filter(subject="Le salon du numérique ouvre ses inscriptions").exists():
        Campaign.objects.create(
            subject="Le salon du numérique ouvre ses inscriptions",
            preheader="Réservez votre badge gratuit",
            body="Bonjour {{ prenom }},\n\nLes inscriptions au salon sont ouvertes. "
            "[Réservez votre badge](https://example.org/salon).\n\nÀ bientôt !",
            mailing_list=salon,
            segment=segment,
            created_by=staff,
        )
    Article.objects.get_or_create(
        slug="lancement-du-salon",
        defaults={
            "title": "Lancement du salon professionnel du numérique",
            "summary": "La première édition du salon se prépare : appel à exposants ouvert.",
            "body": "L'association lance la **première édition** de son salon professionnel.",
            "published_at": timezone.now(),
            "author": staff,
        },
    )
    ctx.log("outreach: lists, contacts, segment, campaign, news")

"""Factories for the insights tests: NAF codes, members, baselines."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from guild.insights.models import Baseline, Establishment
from guild.members.constants import MembershipStatus
from guild.members.models import (
    Membership,
    MembershipCategory,
    MembershipEvent,
    NafCode,
    Organisation,
    Person,
)

DIGITAL = [
    ("NAFRev2", "62.01Z", "Programmation informatique"),
    ("NAFRev2", "62.02A", "Conseil en systèmes et logiciels informatiques"),
    ("NAFRev2", "62.09Z", "Autres activités informatiques"),
    ("NAFRev2", "63.11Z", "Traitement de données, hébergement et activités connexes"),
    ("NAFRev2", "63.12Z", "Portails Internet"),
    ("NAFRev2", "58.29C", "Édition de logiciels applicatifs"),
    ("NAFRev2", "61.10Z", "Télécommunications filaires"),
    ("NAFRev1", "72.2A", "Édition de logiciels (non personnalisés)"),
]


def digital_naf_codes() -> list[NafCode]:
    codes = [
        NafCode.objects.get_or_create(
            version=v, code=c, defaults={"label": label, "is_digital": True}
        )[0]
        for v, c, label in DIGITAL
    ]
    NafCode.objects.get_or_create(
        version="NAFRev2",
        code="56.10A",
        defaults={"label": "Restauration traditionnelle", "is_digital": False},
    )
    return codes


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    legal_name = factory.Sequence(lambda n: f"Société {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipCategory
        django_get_or_create = ("code",)

    code = "entreprise"
    name = "Entreprise"
    holder = MembershipCategory.Holder.ORGANISATION


def active_membership(
    *, organisation=None, person=None, since=None, status=MembershipStatus.ACTIVE
) -> Membership:
    """A membership with its history (applied → admitted → active at ``since``)."""
    category = CategoryFactory(
        code="entreprise" if organisation else "independant",
        name="Entreprise" if organisation else "Indépendant",
        holder="organisation" if organisation else "person",
    )
    since = since or timezone.now() - timedelta(days=30)
    membership = Membership.objects.create(
        category=category, organisation=organisation, person=person, status=status, applied_at=since
    )
    MembershipEvent.objects.create(
        membership=membership, from_status="admitted", to_status=MembershipStatus.ACTIVE, at=since
    )
    return membership


def make_baseline(rows: list[dict], *, current=True, **kwargs) -> Baseline:
    if current:
        Baseline.objects.filter(is_current=True).update(is_current=False)
    baseline = Baseline.objects.create(
        source_name=kwargs.pop("source_name", "test.csv"),
        region_name="Limousin",
        departements="19,23,87",
        status=Baseline.Status.SUCCEEDED,
        is_current=current,
        rows_kept=len(rows),
        **kwargs,
    )
    Establishment.objects.bulk_create(
        [
            Establishment(
                baseline=baseline,
                siren=row["siret"][:9],
                siret=row["siret"],
                naf_version="NAFRev2",
                naf_code=row.get("naf", "62.01Z"),
                headcount_band=row.get("band", "NN"),
                estimated_jobs=row.get("jobs", 0),
                departement=row.get("dep", "87"),
                commune_code=row.get("commune", "87085"),
                commune_name=row.get("commune_name", "LIMOGES"),
            )
            for row in rows
        ]
    )
    return baseline

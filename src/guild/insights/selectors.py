"""Reads of the insights app: representativeness figures, computed by the database.

Every figure is an aggregate query (``values`` + ``annotate``) over the baseline's
establishments, with the members matched by SIRET or SIREN through ``Exists`` subqueries;
Python only turns the aggregated rows (one per département, code, band…) into shares.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from guild.core.departements import label as departement_label
from guild.insights.models import Baseline, Establishment, InsightsSettings
from guild.members.constants import HeadcountBand, MembershipStatus
from guild.members.models import Membership, MembershipEvent, NafCode

S = MembershipStatus
DIMENSIONS = {
    "departement": "departement",
    "naf": "naf_code",
    "headcount": "headcount_band",
    "commune": "commune_code",
}


def get_settings() -> InsightsSettings:
    settings_row, _created = InsightsSettings.objects.get_or_create(pk=1)
    return settings_row


def digital_naf_codes() -> dict[tuple[str, str], str]:
    """(nomenclature, spelling) → canonical code, for every NAF code flagged digital."""
    from guild.insights.sirene import naf_variants

    mapping: dict[tuple[str, str], str] = {}
    for version, code in NafCode.objects.filter(is_digital=True).values_list("version", "code"):
        for spelling in naf_variants(code):
            mapping[(version, spelling)] = code
    return mapping


def naf_labels() -> dict[str, str]:
    return dict(NafCode.objects.filter(is_digital=True).values_list("code", "label"))


def current_baseline() -> Baseline | None:
    return Baseline.objects.filter(is_current=True).first()


def baseline_list() -> QuerySet[Baseline]:
    return Baseline.objects.select_related("imported_by").order_by("-created_at", "-id")


def _org_match():
    return Exists(
        Membership.objects.filter(status=S.ACTIVE).filter(
            Q(organisation__siret=OuterRef("siret")) | Q(organisation__siren=OuterRef("siren"))
        )
    )


def _person_match():
    return Exists(Membership.objects.filter(status=S.ACTIVE, person__siret=OuterRef("siret")))


def _aggregates() -> dict:
    org, person = _org_match(), _person_match()
    represented = Q(org) | Q(person)
    return {
        "total": Count("id"),
        "represented": Count("id", filter=represented),
        "companies": Count("id", filter=Q(org)),
        "freelancers": Count("id", filter=Q(person) & ~Q(org)),
        "jobs": Sum("estimated_jobs"),
        "jobs_represented": Sum("estimated_jobs", filter=represented),
    }


def _share(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _finish(row: dict) -> dict:
    row["jobs"] = Decimal(row["jobs"] or 0)
    row["jobs_represented"] = Decimal(row["jobs_represented"] or 0)
    row["share"] = _share(row["represented"], row["total"])
    row["jobs_share"] = _share(row["jobs_represented"], row["jobs"])
    return row


def totals(baseline: Baseline) -> dict:
    row = Establishment.objects.filter(baseline=baseline).aggregate(**_aggregates())
    return _finish(row)


def breakdown(
    baseline: Baseline, dimension: str, *, absent_only: bool = False, limit: int | None = None
) -> list[dict]:
    """Establishments, members and jobs by département, NAF code, headcount band or commune."""
    field = DIMENSIONS[dimension]
    qs = (
        Establishment.objects.filter(baseline=baseline)
        .values(field)
        .annotate(**_aggregates(), name=Max("commune_name"))
    )
    if absent_only:
        qs = qs.filter(represented=0).order_by("-total", field)
    elif dimension == "commune":
        qs = qs.order_by("-total", field)
    else:
        qs = qs.order_by(field)
    if limit:
        qs = qs[:limit]
    labels = {}
    if dimension == "naf":
        labels = naf_labels()
    elif dimension == "headcount":
        labels = {band.value: str(band.label) for band in HeadcountBand}
    rows = []
    for row in qs:
        key = row.pop(field)
        row["key"] = key
        if dimension == "commune":
            row["label"] = f"{row['name'] or key} ({key})"
        elif dimension == "departement":
            row["label"] = departement_label(key)
        else:
            row["label"] = labels.get(key, key)
        del row["name"]
        rows.append(_finish(row))
    return rows


def members_summary(baseline: Baseline | None) -> dict:
    """Active members by kind, and how many of them the baseline does not list."""
    active = Membership.objects.filter(status=S.ACTIVE)
    summary = active.aggregate(
        organisations=Count("id", filter=Q(organisation__isnull=False)),
        freelancers=Count("id", filter=Q(person__is_independent=True)),
        individuals=Count("id", filter=Q(person__isnull=False, person__is_independent=False)),
    )
    if baseline is not None:
        in_baseline = Establishment.objects.filter(baseline=baseline).filter(
            Q(siret=OuterRef("organisation__siret")) | Q(siren=OuterRef("organisation__siren"))
        )
        summary["organisations_outside"] = (
            active.filter(organisation__isnull=False).exclude(Exists(in_baseline)).count()
        )
    return summary


def growth() -> list[dict]:
    """Active memberships month by month, from the membership history.

    Each move into ``active`` counts +1 and each move out of it −1 (aggregated by month in
    the database); the running total is the number of active memberships at month end.
    """
    entries = (
        MembershipEvent.objects.filter(to_status=S.ACTIVE)
        .exclude(from_status=S.ACTIVE)
        .annotate(month=TruncMonth("at"))
        .values("month")
        .annotate(
            orgs=Count("id", filter=Q(membership__organisation__isnull=False)),
            people=Count("id", filter=Q(membership__person__isnull=False)),
        )
    )
    exits = (
        MembershipEvent.objects.filter(from_status=S.ACTIVE)
        .exclude(to_status=S.ACTIVE)
        .annotate(month=TruncMonth("at"))
        .values("month")
        .annotate(
            orgs=Count("id", filter=Q(membership__organisation__isnull=False)),
            people=Count("id", filter=Q(membership__person__isnull=False)),
        )
    )
    months: dict = {}
    for sign, rows in ((1, entries), (-1, exits)):
        for row in rows:
            month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
            slot = months.setdefault(month, {"joined": 0, "left": 0, "orgs": 0, "people": 0})
            slot["joined" if sign > 0 else "left"] += row["orgs"] + row["people"]
            slot["orgs"] += sign * row["orgs"]
            slot["people"] += sign * row["people"]
    result, orgs, people = [], 0, 0
    for month in sorted(months):
        slot = months[month]
        orgs += slot["orgs"]
        people += slot["people"]
        result.append(
            {
                "month": month,
                "joined": slot["joined"],
                "left": slot["left"],
                "organisations": orgs,
                "people": people,
                "active": orgs + people,
            }
        )
    return result


def baseline_trend() -> list[dict]:
    """Size of the region's digital sector at each successful import (kept for trends)."""
    rows = (
        Baseline.objects.filter(status=Baseline.Status.SUCCEEDED)
        .annotate(total=Count("establishments"), jobs=Sum("establishments__estimated_jobs"))
        .order_by("created_at", "id")
        .values("id", "created_at", "stock_date", "total", "jobs")
    )
    return [
        {
            **row,
            "date": row["stock_date"] or row["created_at"].date(),
            "jobs": Decimal(row["jobs"] or 0),
        }
        for row in rows
    ]


def representativeness(baseline: Baseline | None, *, communes_limit: int | None = 30) -> dict:
    """Every representativeness figure of a baseline, for the dashboard, report and API."""
    if baseline is None:
        return {"baseline": None, "members": members_summary(None), "growth": growth()}
    return {
        "baseline": baseline,
        "totals": totals(baseline),
        "by_departement": breakdown(baseline, "departement"),
        "by_naf": breakdown(baseline, "naf"),
        "by_headcount": breakdown(baseline, "headcount"),
        "by_commune": breakdown(baseline, "commune", limit=communes_limit),
        "absent_communes": breakdown(baseline, "commune", absent_only=True, limit=20),
        "members": members_summary(baseline),
        "growth": growth(),
        "trend": baseline_trend(),
    }

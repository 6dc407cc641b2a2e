"""Reads on sourcing: directory search with facets, needs and their matches."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet

from guild.sourcing.models import Need, Profile, ProfileSkill, Skill
from guild.sourcing.search import tokens

SEARCH_CONFIG = "guild_french"
MAX_QUERY = 200


@dataclass
class Filters:
    q: str = ""
    skill: int | None = None
    sector: str = ""  # NAF division (two digits)
    departement: str = ""
    size: str = ""
    availability: str = ""
    present: bool = False


def skill_tree() -> list[Skill]:
    return list(Skill.objects.filter(parent=None).prefetch_related("children"))


def skill_with_descendants(skill_id: int) -> list[int]:
    ids, frontier = [skill_id], [skill_id]
    while frontier:
        frontier = list(Skill.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


def _present_q() -> Q:
    from guild.coworking.selectors import visible_present_user_ids

    ids = visible_present_user_ids()
    return Q(person__user_id__in=ids) | Q(organisation__people__user_id__in=ids)


def directory_search(filters: Filters) -> QuerySet[Profile]:
    qs = Profile.objects.filter(published=True)
    if filters.skill:
        qs = qs.filter(
            Exists(
                ProfileSkill.objects.filter(
                    profile=OuterRef("pk"), skill_id__in=skill_with_descendants(filters.skill)
                )
            )
        )
    if filters.sector:
        qs = qs.filter(naf_code__startswith=filters.sector)
    if filters.departement:
        qs = qs.filter(
            Q(departement=filters.departement)
            | Q(departements_served__contains=filters.departement)
        )
    if filters.size:
        qs = qs.filter(headcount_band=filters.size)
    if filters.availability:
        qs = qs.filter(availability=filters.availability)
    if filters.present:
        qs = qs.filter(pk__in=Profile.objects.filter(_present_q()).values("pk"))
    query = (filters.q or "")[:MAX_QUERY]
    words = tokens(query)
    if words and connection.vendor == "postgresql":
        search = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="websearch")
        qs = (
            qs.filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "name")
        )
    else:
        for word in words:
            qs = qs.filter(search_text__contains=word)
        qs = qs.order_by("name")
    return qs.only(
        "pk",
        "name",
        "kind",
        "offer",
        "availability",
        "departement",
        "visibility",
        "headcount_band",
        "naf_code",
    )


def with_skills(qs: QuerySet[Profile]) -> QuerySet[Profile]:
    return qs.prefetch_related(
        Prefetch("skill_links", queryset=ProfileSkill.objects.select_related("skill"))
    )


def profile_detail(pk: int) -> Profile:
    return with_skills(Profile.objects.select_related("organisation__naf", "person__user")).get(
        pk=pk, published=True
    )


def published_needs() -> QuerySet[Need]:
    return (
        Need.objects.filter(status=Need.Status.PUBLISHED)
        .prefetch_related("skills")
        .order_by("-published_at")
    )


def pending_needs() -> QuerySet[Need]:
    return (
        Need.objects.filter(status=Need.Status.PENDING)
        .select_related("posted_by")
        .prefetch_related("skills")
        .order_by("created_at")
    )


def matching_profiles(need: Need) -> QuerySet[Profile]:
    skill_ids = set()
    for skill in need.skills.all():
        skill_ids.update(skill_with_descendants(skill.pk))
        if skill.parent_id:
            skill_ids.add(skill.parent_id)
    qs = Profile.objects.filter(published=True).filter(
        Exists(ProfileSkill.objects.filter(profile=OuterRef("pk"), skill_id__in=skill_ids))
    )
    if need.departement and not need.remote:
        qs = qs.filter(
            Q(departement=need.departement) | Q(departements_served__contains=need.departement)
        )
    return qs.select_related("person__user", "organisation").order_by("name")


def facet_choices() -> dict:
    """Values offered in the facet menus: two DISTINCT queries served by the column indexes."""
    published = Profile.objects.filter(published=True).order_by()
    departements = (
        published.exclude(departement="").values_list("departement", flat=True).distinct()
    )
    naf_codes = published.exclude(naf_code="").values_list("naf_code", flat=True).distinct()
    return {
        "departements": sorted(departements),
        "sectors": sorted({code[:2] for code in naf_codes}),
    }


def facet_counts(results: QuerySet[Profile], choices: dict) -> dict:
    """How many of ``results`` fall in each value of the availability, size and
    département facets: one GROUP BY query over the three columns (a few dozen rows at most),
    summed per facet in Python."""
    from django.db.models import Count

    from guild.members.constants import HeadcountBand
    from guild.sourcing.models import Availability

    counts = {
        "availability": dict.fromkeys(Availability.values, 0),
        "size": dict.fromkeys(HeadcountBand.values, 0),
        "departement": dict.fromkeys(choices.get("departements", []), 0),
    }
    rows = (
        results.order_by()
        .values_list("availability", "headcount_band", "departement")
        .annotate(n=Count("pk"))
    )
    for availability, size, departement, n in rows:
        for facet, value in (
            ("availability", availability),
            ("size", size),
            ("departement", departement),
        ):
            if value in counts[facet]:
                counts[facet][value] += n
    return counts

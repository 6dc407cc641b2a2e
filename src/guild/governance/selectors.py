"""Reads of the governance app, joined and prefetched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from guild.governance.models import (
    Application,
    Assembly,
    Attendance,
    Ballot,
    BoardVote,
    Body,
    BylawsPolicy,
    Declaration,
    ElectedOffice,
    EntryismAlert,
    Mandate,
    Proxy,
    Resolution,
    Voter,
)
from guild.governance.models.policy import (
    DEFAULT_DECISION_RULES,
    DEFAULT_PUBLIC_FIELDS,
    DEFAULT_REFUSAL_REASONS,
)

# --- policy -----------------------------------------------------------------------------------


def default_policy() -> BylawsPolicy:
    return BylawsPolicy(
        version=0,
        effective_from=date(2000, 1, 1),
        decision_rules=DEFAULT_DECISION_RULES,
        refusal_reasons=list(DEFAULT_REFUSAL_REASONS),
        public_declaration_fields=list(DEFAULT_PUBLIC_FIELDS),
    )


def current_policy(on: date | None = None) -> BylawsPolicy:
    """The policy in force on ``on`` (today by default); the defaults if none was recorded."""
    on = on or timezone.localdate()
    policy = (
        BylawsPolicy.objects.filter(effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )
    return policy or default_policy()


def policy_versions() -> QuerySet[BylawsPolicy]:
    return BylawsPolicy.objects.select_related("created_by").order_by("-version")


# --- admissions -------------------------------------------------------------------------------


def applications(stage: str = "", flagged: bool | None = None) -> QuerySet[Application]:
    qs = Application.objects.select_related(
        "membership",
        "membership__category",
        "membership__organisation",
        "membership__person",
    ).annotate(
        n_alerts=Count("alerts", distinct=True),
        n_confirmed=Count(
            "sponsorships", filter=Q(sponsorships__status="confirmed"), distinct=True
        ),
    )
    if stage:
        qs = qs.filter(stage=stage)
    if flagged is not None:
        qs = qs.filter(flagged=flagged)
    return qs.order_by("-created_at")


def application_detail(pk: int) -> Application:
    return (
        Application.objects.select_related(
            "membership",
            "membership__category",
            "membership__organisation",
            "membership__organisation__group",
            "membership__person",
            "policy",
        )
        .prefetch_related(
            "alerts",
            "recusals__user",
            "sponsorships__sponsor__person",
            "sponsorships__sponsor__organisation",
            Prefetch(
                "votes",
                queryset=BoardVote.objects.select_related("body").prefetch_related(
                    "responses__voter"
                ),
            ),
        )
        .get(pk=pk)
    )


def alerts(kind: str = "") -> QuerySet[EntryismAlert]:
    qs = EntryismAlert.objects.select_related(
        "application__membership__organisation", "application__membership__person"
    )
    return qs.filter(kind=kind) if kind else qs


def sponsor_counts(since) -> QuerySet:
    from guild.governance.models import Sponsorship

    return (
        Sponsorship.objects.filter(requested_at__gte=since)
        .exclude(status="declined")
        .values(
            "sponsor_id",
            "sponsor__person__first_name",
            "sponsor__person__last_name",
            "sponsor__organisation__legal_name",
        )
        .annotate(n=Count("id"))
        .order_by("-n")
    )


def sponsorships_for_user(user) -> QuerySet:
    from guild.governance.models import Sponsorship

    person = getattr(user, "person", None)
    if person is None:
        return Sponsorship.objects.none()
    return (
        Sponsorship.objects.filter(
            Q(sponsor__person=person)
            | Q(sponsor__contact=person)
            | Q(
                sponsor__seats__person=person,
                sponsor__seats__role="manager",
                sponsor__seats__removed_at__isnull=True,
            )
        )
        .select_related(
            "application__membership__organisation", "application__membership__person", "sponsor"
        )
        .distinct()
        .order_by("-requested_at")
    )


def board_votes(status: str = "") -> QuerySet[BoardVote]:
    qs = (
        BoardVote.objects.select_related("body", "application__membership")
        .annotate(n_responses=Count("responses"))
        .order_by("-created_at")
    )
    return qs.filter(status=status) if status else qs


# --- bodies, mandates, declarations -----------------------------------------------------------


def current_mandates(on: date | None = None) -> QuerySet[Mandate]:
    on = on or timezone.localdate()
    return (
        Mandate.objects.filter(starts_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("person", "person__user", "body")
    )


def bodies_with_members(on: date | None = None) -> QuerySet[Body]:
    return Body.objects.prefetch_related(
        Prefetch(
            "mandates",
            queryset=current_mandates(on).order_by("role", "person__last_name"),
            to_attr="current",
        )
    )


def body_member_users(body: Body, on: date | None = None) -> list:
    return [
        m.person.user
        for m in current_mandates(on).filter(body=body)
        if m.person.user_id and m.person.user.is_active
    ]


def person_has_current_office(person_id: int, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return (
        ElectedOffice.objects.filter(declaration__person_id=person_id, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .exists()
    )


def board_seats_with_elected_office(on: date | None = None) -> tuple[int, int]:
    """(board seats held by people with a current elected office, board seats filled)."""
    on = on or timezone.localdate()
    board = current_mandates(on).filter(body__kind=Body.Kind.BOARD)
    person_ids = set(board.values_list("person_id", flat=True))
    with_office = set(
        ElectedOffice.objects.filter(declaration__person_id__in=person_ids, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .values_list("declaration__person_id", flat=True)
    )
    return len(with_office), len(person_ids)


def public_declarations(year: int | None = None) -> QuerySet[Declaration]:
    """Latest declarations of the people who hold a current mandate."""
    year = year or timezone.localdate().year
    holders = current_mandates().values("person_id")
    return (
        Declaration.objects.filter(person_id__in=holders, year__in=[year, year - 1])
        .select_related("person")
        .prefetch_related("offices")
        .order_by("person__last_name", "person__first_name", "-year")
    )


# --- assemblies -------------------------------------------------------------------------------


def assemblies() -> QuerySet[Assembly]:
    return Assembly.objects.annotate(n_voters=Count("voters", distinct=True)).order_by("-starts_at")


def assembly_detail(pk: int) -> Assembly:
    return Assembly.objects.prefetch_related(
        "agenda",
        "documents",
        Prefetch(
            "resolutions",
            queryset=Resolution.objects.prefetch_related("candidates__person").select_related(
                "body"
            ),
        ),
    ).get(pk=pk)


def active_proxies(assembly) -> QuerySet[Proxy]:
    return Proxy.objects.filter(assembly=assembly, revoked_at__isnull=True).select_related(
        "giver", "holder"
    )


def quorum(assembly: Assembly) -> dict:
    """Attendance by mode with weights, and whether each decision type's quorum is met."""
    attending = Attendance.objects.filter(assembly=assembly)
    by_mode = {
        row["mode"]: row
        for row in attending.values("mode").annotate(n=Count("id"), w=Sum("voter__weight"))
    }
    attending_ids = attending.values("voter_id")
    represented = (
        Proxy.objects.filter(
            assembly=assembly, revoked_at__isnull=True, holder_id__in=attending_ids
        )
        .exclude(giver_id__in=attending_ids)
        .aggregate(n=Count("id"), w=Sum("giver__weight"))
    )
    zero = Decimal("0")
    present_w = (by_mode.get("present") or {}).get("w") or zero
    remote_w = (by_mode.get("remote") or {}).get("w") or zero
    repr_w = represented["w"] or zero
    total_w = present_w + remote_w + repr_w
    roll_w = assembly.roll_weight or zero
    percent = (total_w * 100 / roll_w).quantize(Decimal("0.01")) if roll_w else zero
    policy = assembly.policy or current_policy()
    key = "quorum_second" if assembly.second_convocation else "quorum_first"
    rules = {}
    for decision, rule in (policy.decision_rules or DEFAULT_DECISION_RULES).items():
        required = Decimal(str(rule.get(key, "0")))
        rules[decision] = {"required": required, "met": percent >= required}
    return {
        "present": (by_mode.get("present") or {}).get("n", 0),
        "present_weight": present_w,
        "remote": (by_mode.get("remote") or {}).get("n", 0),
        "remote_weight": remote_w,
        "represented": represented["n"],
        "represented_weight": repr_w,
        "count": (by_mode.get("present") or {}).get("n", 0)
        + (by_mode.get("remote") or {}).get("n", 0)
        + represented["n"],
        "weight": total_w,
        "roll_weight": roll_w,
        "roll_count": assembly.roll_count,
        "percent": percent,
        "rules": rules,
    }


def voter_roll(assembly) -> QuerySet[Voter]:
    return (
        Voter.objects.filter(assembly=assembly)
        .select_related("attendance")
        .prefetch_related(
            Prefetch(
                "proxies_given",
                queryset=Proxy.objects.filter(revoked_at__isnull=True).select_related("holder"),
                to_attr="active_given",
            )
        )
    )


def voters_of_user(assembly, user) -> QuerySet[Voter]:
    if not getattr(user, "is_authenticated", False):
        return Voter.objects.none()
    return Voter.objects.filter(assembly=assembly, user=user).select_related("attendance")


def published_tally(resolution) -> QuerySet[Ballot]:
    return (
        Ballot.objects.filter(resolution=resolution)
        .order_by("receipt")
        .only("receipt", "choice", "candidates", "weight")
    )


def upcoming_assemblies(days: int) -> QuerySet[Assembly]:
    now = timezone.now()
    return Assembly.objects.filter(
        starts_at__gte=now, starts_at__lte=now + timezone.timedelta(days=days)
    ).exclude(status=Assembly.Status.CLOSED)

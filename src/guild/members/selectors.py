"""Reads on members, shared with governance, insights, events and sourcing."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.db.models import Q, QuerySet

from guild.members.constants import MembershipStatus
from guild.members.models import Membership, MembershipEvent

S = MembershipStatus
IN_GOOD_STANDING = (S.ACTIVE,)


def active_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(status=S.ACTIVE).select_related(
        "category", "category__college", "organisation", "organisation__group", "person"
    )


def active_membership_organisation(person_id: int) -> tuple[bool, int | None] | None:
    """``(True, organisation id or None)`` for the first active membership (by primary key)
    a person holds, in their own name or through a seat they still hold; ``None`` when they
    hold none. One hand-written, prepared statement: it is on the registration hot path."""
    from django.db import connection

    from guild.core import sql

    rows = sql.run(_active_membership_sql(connection.vendor), [S.ACTIVE, person_id, person_id])
    if not rows:
        return None
    return True, rows[0][0]


@lru_cache(maxsize=4)
def _active_membership_sql(vendor: str) -> str:
    from guild.core import sql
    from guild.members.models import Seat

    m, seat = sql.aliased("m", Membership), sql.aliased("s", Seat)

    return (
        f"SELECT {m('organisation_id')} FROM {sql.table(Membership)} m "  # noqa: S608 - names from the models, values bound
        f"WHERE {m('status')} = %s AND ({m('person_id')} = %s OR {m('id')} IN ("
        f"SELECT {seat('membership_id')} FROM {sql.table(Seat)} s "
        f"WHERE {seat('person_id')} = %s AND {seat('removed_at')} IS NULL)) "
        f"ORDER BY {m('id')} LIMIT 1"
    )


def organisation_has_active_membership(organisation_id: int | None) -> bool:
    if not organisation_id:
        return False
    return Membership.objects.filter(organisation_id=organisation_id, status=S.ACTIVE).exists()


def memberships_of_user(user) -> QuerySet[Membership]:
    """Memberships held by the user's person, or by an organisation where they hold a seat."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Membership.objects.none()
    return Membership.objects.filter(
        Q(person=person) | Q(seats__person=person, seats__removed_at__isnull=True)
    ).distinct()


def member_since(membership: Membership, *, today: date | None = None) -> date | None:
    """Start of the current unbroken run of good standing (active) for this membership.

    A lapse breaks seniority; a renewal paid within the grace period does not (the membership
    never leaves ``active`` then).
    """
    events = list(
        MembershipEvent.objects.filter(membership=membership)
        .order_by("at", "id")
        .values_list("to_status", "at")
    )
    since = None
    for to_status, at in events:
        if to_status == S.ACTIVE and since is None:
            since = at.date()
        elif to_status in {S.LAPSED, S.RESIGNED, S.EXCLUDED}:
            since = None
    return since


# --- member list (public and members-only) and member space ----------------------------------


def listed_organisations(*, naf_code: str = "", departement: str = "") -> QuerySet:
    """Organisations with an active membership that chose to appear in the member list."""
    from django.db.models import Exists, OuterRef, Prefetch

    from guild.members.models import Organisation

    active = Membership.objects.filter(organisation=OuterRef("pk"), status=S.ACTIVE)
    qs = (
        Organisation.objects.filter(Exists(active), directory_listed=True)
        .select_related("naf")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(status=S.ACTIVE).select_related("contact"),
                to_attr="active_memberships",
            )
        )
        .order_by("legal_name", "pk")
    )
    if naf_code:
        qs = qs.filter(naf__code=naf_code)
    if departement:
        qs = qs.filter(departement=departement)
    return qs


def listed_facets() -> dict:
    """The sectors and départements present in the member list (filter choices)."""
    from guild.members.models import Organisation

    base = listed_organisations()
    ids = base.values("pk")
    sectors = (
        Organisation.objects.filter(pk__in=ids, naf__isnull=False)
        .values_list("naf__code", "naf__label")
        .distinct()
        .order_by("naf__code")
    )
    departements = (
        Organisation.objects.filter(pk__in=ids)
        .exclude(departement="")
        .values_list("departement", flat=True)
        .distinct()
        .order_by("departement")
    )
    return {"sectors": list(sectors), "departements": list(departements)}


def user_is_active_member(user) -> bool:
    """Active members (or people holding a seat of an active membership) see the richer list."""
    if not getattr(user, "is_authenticated", False):
        return False
    return memberships_of_user(user).filter(status=S.ACTIVE).exists()


# --- staff screens and API ------------------------------------------------------------------


def member_list(
    *,
    search: str = "",
    kind: str = "",
    category: str = "",
    status: str = "",
    departement: str = "",
    sector: str = "",
) -> QuerySet[Membership]:
    """Memberships for the staff list, newest application first, filtered; one query a page."""
    qs = Membership.objects.select_related(
        "category", "organisation", "organisation__naf", "person"
    )
    if kind == "organisation":
        qs = qs.filter(organisation__isnull=False)
    elif kind == "person":
        qs = qs.filter(person__isnull=False)
    if category:
        qs = qs.filter(category__code=category)
    if status:
        qs = qs.filter(status=status)
    if departement:
        qs = qs.filter(
            Q(organisation__departement=departement) | Q(person__departement=departement)
        )
    if sector:
        # NAF section letter is not stored; filter on the code's leading division digits.
        qs = qs.filter(organisation__naf__code__startswith=sector)
    for word in search.split()[:5]:
        qs = qs.filter(
            Q(organisation__legal_name__icontains=word)
            | Q(organisation__trade_name__icontains=word)
            | Q(organisation__siren__startswith=word)
            | Q(organisation__city__icontains=word)
            | Q(person__last_name__icontains=word)
            | Q(person__first_name__icontains=word)
            | Q(person__email__icontains=word)
            | Q(contact__last_name__icontains=word)
        )
    return qs.order_by("-applied_at", "-pk")


def member_detail(pk: int) -> Membership:
    return Membership.objects.select_related(
        "category", "category__college", "organisation", "organisation__naf", "person", "contact"
    ).get(pk=pk)


def membership_history(membership: Membership) -> QuerySet[MembershipEvent]:
    return MembershipEvent.objects.filter(membership=membership).select_related("actor")


def holder_memberships(membership: Membership) -> QuerySet[Membership]:
    """Every membership of the same holder (renewals after a lapse are new memberships)."""
    holder = (
        Q(organisation_id=membership.organisation_id)
        if membership.organisation_id
        else Q(person_id=membership.person_id)
    )
    return Membership.objects.filter(holder).select_related("category").order_by("-applied_at")


def membership_seats(membership: Membership):
    from guild.members.models import Seat

    return Seat.objects.filter(membership=membership, removed_at__isnull=True).select_related(
        "person"
    )


def sector_choices() -> list[tuple[str, str]]:
    """NAF divisions (two digits) used by member organisations, for the list filter."""
    from guild.members.models import NafCode

    used = (
        NafCode.objects.filter(organisations__memberships__isnull=False)
        .values_list("code", flat=True)
        .distinct()
    )
    return sorted({(code[:2], code[:2]) for code in used})


# --- API visibility: staff see everything; a manager their organisations and people; a member
# themselves; nobody else sees personal data. -----------------------------------------------


def sees_all_members(user) -> bool:
    return user.has_perm("members.manage_members") or user.has_perm("members.run_dues_call")


def _managed_organisation_ids(person):
    from guild.members.models import Seat

    return Seat.objects.filter(
        person=person,
        role=Seat.Role.MANAGER,
        removed_at__isnull=True,
        membership__organisation__isnull=False,
    ).values("membership__organisation_id")


def organisations_visible_to(user):
    from guild.members.models import Organisation

    qs = Organisation.objects.select_related("naf").order_by("legal_name", "pk")
    if sees_all_members(user):
        return qs
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return qs.none()
    return qs.filter(pk__in=_managed_organisation_ids(person))


def people_visible_to(user):
    from guild.members.models import Person

    qs = Person.objects.select_related("organisation").order_by("last_name", "first_name", "pk")
    if sees_all_members(user):
        return qs
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return qs.none()
    managed = _managed_organisation_ids(person)
    return qs.filter(
        Q(pk=person.pk)
        | Q(organisation_id__in=managed)
        | Q(
            seats__membership__organisation_id__in=managed,
            seats__removed_at__isnull=True,
        )
    ).distinct()


def memberships_visible_to(user):
    qs = Membership.objects.select_related("category", "organisation", "person").order_by(
        "-applied_at", "-pk"
    )
    if sees_all_members(user):
        return qs
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return qs.none()
    return qs.filter(
        Q(person=person)
        | Q(organisation_id__in=_managed_organisation_ids(person))
        | Q(seats__person=person, seats__removed_at__isnull=True)
    ).distinct()

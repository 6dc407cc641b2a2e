"""Reads on members, shared with governance, insights, events and sourcing."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from guild.members.constants import MembershipStatus
from guild.members.models import Membership, MembershipEvent

S = MembershipStatus
IN_GOOD_STANDING = (S.ACTIVE,)


def active_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(status=S.ACTIVE).select_related(
        "category", "category__college", "organisation", "organisation__group", "person"
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

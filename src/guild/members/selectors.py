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
        MembershipEvent.objects.filter(membership=membership).order_by("at", "id")
        .values_list("to_status", "at")
    )
    since = None
    for to_status, at in events:
        if to_status == S.ACTIVE and since is None:
            since = at.date()
        elif to_status in {S.LAPSED, S.RESIGNED, S.EXCLUDED}:
            since = None
    return since

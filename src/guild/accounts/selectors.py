"""Reads on accounts and roles, already joined."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from guild.accounts.models import RoleGrant, User


def active_grants() -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(revoked_at__isnull=True).select_related("granted_by")


def users_with_roles(*, q: str = "", role: str = "") -> QuerySet[User]:
    """Active people with their active role grants prefetched (``user.active_grants``)."""
    users = User.objects.filter(is_active=True, anonymised_at__isnull=True)
    q = q.strip()
    if q:
        condition = Q()
        for word in q.split():
            condition &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
        users = users.filter(condition)
    if role:
        held = RoleGrant.objects.filter(user=OuterRef("pk"), revoked_at__isnull=True)
        if role != "any":
            held = held.filter(role=role)
        users = users.filter(Exists(held))
    return users.prefetch_related(
        Prefetch("role_grants", queryset=active_grants().order_by("role"), to_attr="active_grants")
    ).order_by("last_name", "first_name", "email")

"""Who may do what with commissions (django-rules, object-level).

Chairs and co-chairs manage their commission; active members contribute (actions, progress,
comments); the board and staff see everything; the public sees only public commissions.
Permissions on a mission, an action or a meeting are those of its commission.
"""

from __future__ import annotations

import rules

from guild.core.permissions import is_board, is_staff
from guild.members.constants import MembershipStatus
from guild.members.selectors import memberships_of_user


def commission_of(obj):
    """The commission an object belongs to (commission, mission, action, meeting)."""
    from guild.commissions.models import Action, Commission, Meeting, Mission

    if obj is None or isinstance(obj, Commission):
        return obj
    if isinstance(obj, (Mission, Meeting)):
        return obj.commission
    if isinstance(obj, Action):
        return obj.mission.commission
    return None


def _membership(user, obj):
    commission = commission_of(obj)
    if commission is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cache = user.__dict__.setdefault("_commission_memberships", {})
    if commission.pk not in cache:
        from guild.commissions.models import Membership

        cache[commission.pk] = (
            Membership.objects.filter(
                commission_id=commission.pk, user_id=user.pk, status=Membership.Status.ACTIVE
            )
            .values_list("role", flat=True)
            .first()
        )
    return cache[commission.pk]


def forget_memberships(user) -> None:
    user.__dict__.pop("_commission_memberships", None)


@rules.predicate
def is_commission_chair(user, obj) -> bool:
    return _membership(user, obj) in {"chair", "co_chair"}


@rules.predicate
def is_commission_member(user, obj) -> bool:
    return _membership(user, obj) is not None


@rules.predicate
def is_public_commission(user, obj) -> bool:
    commission = commission_of(obj)
    return commission is not None and commission.is_public


@rules.predicate
def is_association_member(user) -> bool:
    """Who counts as a member of the association: an active account whose person holds a
    membership in good standing, or a seat on an organisation's. Members-only commissions are
    visible to them and only they may join a commission (outsiders cannot take one over)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return memberships_of_user(user).filter(status=MembershipStatus.ACTIVE).exists()


@rules.predicate
def is_active_commission(user, obj) -> bool:
    commission = commission_of(obj)
    return commission is not None and not commission.is_archived


@rules.predicate
def is_action_owner(user, action) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and action is not None
        and any(owner.pk == user.pk for owner in action.owners.all())
    )


is_office = is_staff | is_board
can_view = is_office | is_public_commission | is_association_member | is_commission_member
can_manage = is_staff | is_commission_chair
can_contribute = is_active_commission & (can_manage | is_commission_member)

rules.add_perm("commissions.view_commission", can_view)
rules.add_perm("commissions.add_commission", is_office)
rules.add_perm("commissions.change_commission", can_manage)
rules.add_perm("commissions.join_commission", is_active_commission & is_association_member)
rules.add_perm("commissions.view_all", is_office)
rules.add_perm("commissions.change_settings", is_staff)
rules.add_perm("commissions.view_report", is_office | is_commission_chair)
rules.add_perm("commissions.contribute", can_contribute)
rules.add_perm("commissions.view_action", can_view)
rules.add_perm("commissions.change_action", can_contribute)
rules.add_perm("commissions.comment_action", can_contribute)
rules.add_perm("commissions.change_mission", is_active_commission & can_manage)
rules.add_perm("commissions.view_meeting", can_view)
rules.add_perm("commissions.change_meeting", is_active_commission & can_manage)
rules.add_perm("commissions.manage_menu", is_office)

"""Permissions glue shared by every app (django-rules).

Association roles are held by users (``user.has_role(code)``, implemented by the accounts app);
core only knows their codes. Apps build their ``rules.py`` from these predicates and from
object-level predicates of their own. The pattern, for an object-level rule::

    @rules.predicate
    def is_commission_chair(user, commission):
        return commission is not None and commission.chairs.filter(pk=user.pk).exists()

    rules.add_perm("commissions.change_commission", is_staff | is_commission_chair)

Views check ``request.user.has_perm("commissions.change_commission", commission)`` (or use
``PermissionRequiredMixin`` with ``get_permission_object``); templates use
``{% load rules %}{% has_perm "commissions.change_commission" user commission as can_edit %}``;
API views use :class:`guild.api.permissions.RulesPermission`.
"""

from __future__ import annotations

import rules

ADMINISTRATOR = "administrator"
STAFF = "staff"
BOARD = "board"
TREASURER = "treasurer"
SECRETARY = "secretary"
CHECKIN = "checkin"
SPACE_MANAGER = "space_manager"


def has_role(*codes: str):
    """A predicate true when the user holds any of the roles (administrators hold them all)."""

    name = "has_role:" + ",".join(codes)

    @rules.predicate(name=name)
    def predicate(user) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if user.is_superuser:
            return True
        holder = getattr(user, "has_role", None)
        if holder is None:
            return False
        return any(holder(code) for code in (*codes, ADMINISTRATOR))

    return predicate


is_authenticated = rules.is_authenticated
is_administrator = has_role(ADMINISTRATOR)
is_staff = has_role(STAFF)
is_board = has_role(BOARD)
is_treasurer = has_role(TREASURER)
is_secretary = has_role(SECRETARY)
is_checkin_staff = has_role(CHECKIN)
is_space_manager = has_role(SPACE_MANAGER)
is_office = has_role(STAFF, BOARD, TREASURER, SECRETARY)

"""Writes on memberships. Every status change goes through :func:`membership_transition`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.members.admission import admission_procedure
from guild.members.constants import TRANSITIONS, MembershipStatus
from guild.members.models import Membership, MembershipEvent

S = MembershipStatus


def membership_transition(
    *, actor, membership: Membership, to_status: str, reason: str = "", at=None
) -> Membership:
    """Move a membership to ``to_status`` if the transition is allowed; log it."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        from_status = locked.status
        if to_status not in TRANSITIONS.get(from_status, set()):
            raise ValidationError(
                _("A membership cannot go from “%(from)s” to “%(to)s”.")
                % {"from": S(from_status).label, "to": S(to_status).label}
            )
        if to_status in {S.REFUSED, S.EXCLUDED} and not reason.strip():
            raise ValidationError(_("A reason is required."))
        now = at or timezone.now()
        locked.status = to_status
        update = ["status", "updated_at"]
        if to_status == S.ADMITTED:
            locked.admitted_at = now
            update.append("admitted_at")
        if to_status in {S.REFUSED, S.RESIGNED, S.EXCLUDED}:
            locked.ended_at = now
            locked.end_reason = reason
            update += ["ended_at", "end_reason"]
        locked.save(update_fields=update)
        MembershipEvent.objects.create(
            membership=locked,
            from_status=from_status,
            to_status=to_status,
            at=now,
            actor=actor if getattr(actor, "pk", None) else None,
            reason=reason,
        )
        audit_log(
            actor=actor,
            action=f"membership.{to_status}",
            target=locked,
            data={"from": from_status, "to": to_status, "reason": reason},
        )
        membership.status = locked.status
        membership.refresh_from_db()
        return membership


def membership_start_admission(*, actor, membership: Membership) -> None:
    """Hand a new application to the admission procedure, if one applies."""
    procedure = admission_procedure()
    if membership.category.admission_required and procedure is not None:
        procedure(actor=actor, membership=membership)

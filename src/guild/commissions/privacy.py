"""Personal data held by the commissions app: export and erasure."""

from __future__ import annotations

from guild.commissions.models import ActionComment, CalendarToken, Membership


def export(user) -> dict:
    return {
        "memberships": [
            {
                "commission": m.commission.name,
                "role": m.role,
                "status": m.status,
                "joined_at": m.joined_at.isoformat() if m.joined_at else None,
            }
            for m in Membership.objects.filter(user=user).select_related("commission")
        ],
        "owned_actions": list(user.owned_actions.values_list("title", flat=True)),
        "comments": [
            {"action": c.action.title, "body": c.body, "created_at": c.created_at.isoformat()}
            for c in ActionComment.objects.filter(author=user).select_related("action")
        ],
    }


def erase(user) -> None:
    """Leave every commission, drop calendar feeds, blank the comments' text (the thread keeps
    its shape); attendance and actions stay, as records of the association's activity."""
    Membership.objects.filter(user=user).delete()
    CalendarToken.objects.filter(user=user).delete()
    ActionComment.objects.filter(author=user).update(body="—", author=None)

"""The governance block on the home page: what a signed-in member has to do."""

from __future__ import annotations


def home_context(request) -> dict:
    from guild.governance.models import Assembly, Sponsorship, Voter
    from guild.governance.selectors import sponsorships_for_user

    user = request.user
    if not user.is_authenticated:
        return {}
    assembly_ids = Voter.objects.filter(user=user).values("assembly_id")
    return {
        "pending_sponsorships": sponsorships_for_user(user)
        .filter(status=Sponsorship.Status.PENDING)
        .count(),
        "assemblies": list(
            Assembly.objects.filter(
                pk__in=assembly_ids,
                status__in=[Assembly.Status.CONVENED, Assembly.Status.OPEN],
            ).order_by("starts_at")[:3]
        ),
        "has_mandate": hasattr(user, "person")
        and user.person.mandates.filter(ended_on__isnull=True).exists(),
    }

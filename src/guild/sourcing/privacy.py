"""Personal data held by sourcing: freelancer profile, answers, introductions."""

from __future__ import annotations

from guild.sourcing.models import Introduction, NeedResponse, Profile


def export(user) -> dict:
    person = getattr(user, "person", None)
    profile = Profile.objects.filter(person=person).first() if person else None
    return {
        "profile": {"name": profile.name, "offer": profile.offer} if profile else None,
        "answers": list(NeedResponse.objects.filter(author=user).values("need_id", "message")),
        "introductions_sent": list(
            Introduction.objects.filter(sender=user).values("profile_id", "message", "status")
        ),
    }


def erase(user) -> None:
    person = getattr(user, "person", None)
    if person is not None:
        Profile.objects.filter(person=person).delete()
    NeedResponse.objects.filter(author=user).update(message="")
    Introduction.objects.filter(sender=user).update(message="")

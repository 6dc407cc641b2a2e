"""Personal data of members: export and erasure (invoices are kept 10 years by billing)."""

from __future__ import annotations

from django.utils import timezone

from guild.members.models import Person, SeatInvitation


def export_user(user) -> dict:
    person = Person.objects.filter(user=user).first()
    if person is None:
        return {}
    return {
        "person": {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "job_title": person.job_title,
            "postal_code": person.postal_code,
            "city": person.city,
            "siret": person.siret,
        },
        "memberships": [
            {
                "category": m.category.name,
                "status": m.status,
                "period_start": m.period_start,
                "period_end": m.period_end,
            }
            for m in person.memberships.select_related("category")
        ],
        "seat_invitations_received": [
            {
                "organisation": str(invite.membership.holder),
                "sent_at": invite.created_at,
                "accepted_at": invite.accepted_at,
            }
            for invite in SeatInvitation.objects.filter(email__iexact=user.email).select_related(
                "membership__organisation"
            )
        ],
        "seats": [
            {"organisation": str(seat.membership.holder), "role": seat.role}
            for seat in person.seats.select_related(
                "membership__organisation", "membership__person"
            )
        ],
    }


def erase_user(user) -> None:
    for invite in SeatInvitation.objects.filter(email__iexact=user.email):
        SeatInvitation.objects.filter(pk=invite.pk).update(
            email=f"anonyme-{invite.pk}@invalid.invalid",
            first_name="",
            last_name="",
            revoked_at=invite.revoked_at or (None if invite.accepted_at else timezone.now()),
        )
    Person.objects.filter(user=user).update(
        first_name="Anonyme",
        last_name=f"#{user.pk}",
        email="",
        phone="",
        job_title="",
        postal_code="",
        city="",
        anonymised_at=timezone.now(),
        user=None,
    )

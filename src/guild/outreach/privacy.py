"""Personal-data export and erasure, and the retention job."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from guild.outreach.models import CampaignSend, Contact, Subscription


def _contacts_of(user):
    return (
        Contact.objects.filter(Q(email__iexact=user.email) | Q(person__user=user))
        if user.email
        else Contact.objects.filter(person__user=user)
    )


def export_user(user) -> dict:
    data = []
    for contact in _contacts_of(user).prefetch_related(
        "consents", "tags", "subscriptions__mailing_list"
    ):
        data.append(
            {
                "email": contact.email,
                "first_name": contact.first_name,
                "last_name": contact.last_name,
                "organisation": contact.organisation_name,
                "source": contact.source,
                "created_at": contact.created_at.isoformat(),
                "tags": [t.name for t in contact.tags.all()],
                "subscriptions": [
                    {"list": s.mailing_list.name, "status": s.status}
                    for s in contact.subscriptions.all()
                ],
                "consents": [
                    {
                        "purpose": c.purpose,
                        "granted": c.granted,
                        "wording": c.wording,
                        "source": c.source,
                        "legal_basis": c.legal_basis,
                        "date": c.recorded_at.isoformat(),
                    }
                    for c in contact.consents.all()
                ],
            }
        )
    return {"contacts": data}


def anonymise(contact: Contact) -> None:
    """Keep the consent history (proof) but not who it was about; keep the suppression entry
    (a hashed address is not enough to block a re-import, so the plain address stays there,
    as CNIL allows for an opposition list)."""
    with transaction.atomic():
        placeholder = f"anonymised-{contact.pk}@invalid.invalid"
        CampaignSend.objects.filter(contact=contact).update(
            email=placeholder, first_name="", last_name="", organisation_name=""
        )
        contact.subscriptions.update(
            status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
        )
        contact.tags.clear()
        Contact.objects.filter(pk=contact.pk).update(
            email=placeholder,
            first_name="",
            last_name="",
            organisation_name="",
            departement="",
            person=None,
            organisation=None,
            anonymised_at=timezone.now(),
        )


def erase_user(user) -> None:
    for contact in _contacts_of(user).filter(anonymised_at=None):
        anonymise(contact)


def retention_days() -> int:
    return int(getattr(settings, "OUTREACH_RETENTION_DAYS", 3 * 365))


def retention_purge() -> int:
    """Anonymise prospects (not members) inactive for the retention period, and contacts who
    unsubscribed from everything and have no active subscription left."""
    cutoff = timezone.now() - timedelta(days=retention_days())
    active = Subscription.objects.filter(status=Subscription.Status.ACTIVE)
    stale = Contact.objects.filter(anonymised_at=None, person=None, last_activity_at__lt=cutoff)
    gone = Contact.objects.filter(
        anonymised_at=None, person=None, subscriptions__status=Subscription.Status.UNSUBSCRIBED
    ).exclude(pk__in=active.values("contact"))
    count = 0
    for contact in (stale | gone).distinct():
        anonymise(contact)
        count += 1
    return count

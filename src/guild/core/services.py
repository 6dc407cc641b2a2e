"""Writes owned by core."""

from __future__ import annotations

from django.db import transaction

from guild.core.audit import audit_log
from guild.core.models import AssociationIdentity

IDENTITY_FIELDS = (
    "name",
    "short_name",
    "tagline",
    "address_line",
    "postal_code",
    "city",
    "siren",
    "rna",
    "vat_number",
    "contact_email",
    "phone",
    "website",
    "brand_colour",
    "legal_mentions",
)


def identity_update(*, actor, data: dict, logo=None) -> AssociationIdentity:
    with transaction.atomic():
        identity = AssociationIdentity.objects.select_for_update().filter(pk=1).first()
        if identity is None:
            identity = AssociationIdentity(pk=1)
        changes = {}
        for field in IDENTITY_FIELDS:
            if field in data and getattr(identity, field) != data[field]:
                changes[field] = [getattr(identity, field), data[field]]
                setattr(identity, field, data[field])
        if logo is not None:
            identity.logo = logo
            changes["logo"] = "updated"
        identity.full_clean()
        identity.save()
        if changes:
            audit_log(actor=actor, action="identity.update", target=identity, data=changes)
        return identity

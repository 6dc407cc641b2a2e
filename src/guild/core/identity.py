"""Read access to the association's identity, used by every page, e-mail and PDF."""

from __future__ import annotations

from guild.core.models import AssociationIdentity

DEFAULT_IDENTITY = {
    "name": "Association Guild",
    "short_name": "Guild",
    "brand_colour": "#1d4ed8",
}


def get_identity() -> AssociationIdentity:
    identity = AssociationIdentity.objects.filter(pk=1).first()
    if identity is None:
        identity = AssociationIdentity(pk=1, **DEFAULT_IDENTITY)
    return identity

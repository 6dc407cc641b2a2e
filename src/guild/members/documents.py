"""The membership certificate (attestation d'adhésion) as PDF."""

from __future__ import annotations

from django.utils import timezone

from guild.core.pdf import render_pdf
from guild.members.models import Membership
from guild.members.selectors import member_since

TEMPLATE = "members/pdf/certificate.html"


def certificate_context(membership: Membership) -> dict:
    return {
        "membership": membership,
        "since": member_since(membership),
        "today": timezone.localdate(),
    }


def certificate_pdf(membership: Membership, *, language: str = "fr") -> bytes:
    return render_pdf(TEMPLATE, certificate_context(membership), language=language)

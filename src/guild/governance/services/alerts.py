"""Entryism alerts, computed on every application (and again when sponsors are named)."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.governance.models import Application, EntryismAlert, Sponsorship

K = EntryismAlert.Kind
# Shared webmail providers say nothing about who is behind an application.
COMMON_DOMAINS = {
    "gmail.com",
    "yahoo.fr",
    "yahoo.com",
    "hotmail.fr",
    "hotmail.com",
    "outlook.fr",
    "outlook.com",
    "orange.fr",
    "wanadoo.fr",
    "free.fr",
    "sfr.fr",
    "laposte.net",
    "live.fr",
    "icloud.com",
    "protonmail.com",
    "proton.me",
    "bbox.fr",
    "neuf.fr",
    "gmx.fr",
}


def network_block(ip: str) -> str:
    """The /24 (IPv4) or /48 (IPv6) block of an address; empty when invalid."""
    try:
        address = ipaddress.ip_address(str(ip).strip())
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def _address_key(line: str, postal_code: str) -> str:
    line = re.sub(r"[^a-z0-9]+", " ", (line or "").lower()).strip()
    return f"{line}|{(postal_code or '').strip()}" if line else ""


def application_traits(membership) -> dict:
    """The comparable traits of an application, normalised."""
    data = membership.application_data or {}
    org, person = membership.organisation, membership.person
    contact = membership.contact or person
    email = (
        data.get("email") or (contact.email if contact else "") or (org.email if org else "") or ""
    )
    domain = email.rsplit("@", 1)[-1].lower().strip() if "@" in email else ""
    if domain in COMMON_DOMAINS:
        domain = ""
    address = data.get("address") or (org.address_line if org else "")
    postal = (
        data.get("postal_code")
        or (org.postal_code if org else "")
        or (person.postal_code if person else "")
    )
    phone = data.get("phone") or (contact.phone if contact else "") or (org.phone if org else "")
    iban = re.sub(r"\s", "", str(data.get("iban") or "")).upper()
    return {
        "email_domain": domain,
        "address_key": _address_key(address, postal),
        "phone_key": _digits(phone)[:20] if len(_digits(phone)) >= 8 else "",
        "network_block": network_block(data.get("ip", "")) if data.get("ip") else "",
        "iban_hash": hashlib.sha256(iban.encode()).hexdigest() if iban else "",
        "group_id_key": org.group_id if org else None,
    }


TRAIT_KINDS = [
    ("email_domain", K.EMAIL_DOMAIN),
    ("address_key", K.ADDRESS),
    ("phone_key", K.PHONE),
    ("network_block", K.NETWORK),
    ("iban_hash", K.IBAN),
    ("group_id_key", K.GROUP),
]


def _raise(application, kind, key, ids, detail, actor=None) -> bool:
    alert, created = EntryismAlert.objects.update_or_create(
        application=application,
        kind=kind,
        defaults={
            "key": str(key)[:200],
            "count": len(ids),
            "related_ids": sorted(ids),
            "detail": detail[:300],
        },
    )
    if created:
        audit_log(
            actor=actor,
            action="governance.alert_raised",
            target=application,
            data={"kind": kind, "count": len(ids), "related": sorted(ids)},
        )
    if not application.flagged:
        Application.objects.filter(pk=application.pk).update(flagged=True)
        application.flagged = True
    return created


def alerts_compute(application: Application, *, actor=None) -> list[str]:
    """Compute every alert for ``application`` and spread wave alerts to the whole wave."""
    policy = application.policy
    if policy is None:
        from guild.governance.selectors import current_policy

        policy = current_policy()
    raised: list[str] = []
    window = timedelta(days=policy.wave_days)
    around = Application.objects.filter(
        created_at__gte=application.created_at - window,
        created_at__lte=application.created_at + window,
    )
    for field, kind in TRAIT_KINDS:
        value = getattr(application, field)
        if not value:
            continue
        wave = list(around.filter(**{field: value}).values_list("pk", flat=True))
        if len(wave) >= policy.wave_threshold:
            shown = value if field in {"email_domain", "network_block"} else "…"
            detail = _("%(n)s applications within %(d)s days share this trait (%(v)s).") % {
                "n": len(wave),
                "d": policy.wave_days,
                "v": shown,
            }
            for member in Application.objects.filter(pk__in=wave):
                _raise(member, kind, value, wave, detail, actor)
            raised.append(kind)
    # waves sharing a sponsor
    sponsor_ids = list(application.sponsorships.values_list("sponsor_id", flat=True))
    for sponsor_id in sponsor_ids:
        wave = list(
            around.filter(sponsorships__sponsor_id=sponsor_id)
            .values_list("pk", flat=True)
            .distinct()
        )
        if len(wave) >= policy.wave_threshold:
            detail = _("%(n)s applications within %(d)s days name the same sponsor.") % {
                "n": len(wave),
                "d": policy.wave_days,
            }
            for member in Application.objects.filter(pk__in=wave):
                _raise(member, K.SPONSOR, sponsor_id, wave, detail, actor)
            raised.append(K.SPONSOR)
    # sponsor concentration over the last year
    year_ago = application.created_at - timedelta(days=365)
    year_total = Application.objects.filter(created_at__gte=year_ago).count()
    if sponsor_ids and year_total >= 5:
        top = (
            Sponsorship.objects.filter(
                sponsor_id__in=sponsor_ids, application__created_at__gte=year_ago
            )
            .values("sponsor_id")
            .annotate(n=Count("application", distinct=True))
            .order_by("-n")
            .first()
        )
        share = Decimal(top["n"] * 100) / year_total
        if share >= policy.sponsor_concentration_percent:
            _raise(
                application,
                K.SPONSOR_CONCENTRATION,
                top["sponsor_id"],
                [application.pk],
                _("One sponsor named in %(share)s%% of this year's applications.")
                % {"share": share.quantize(Decimal("1"))},
                actor,
            )
            raised.append(K.SPONSOR_CONCENTRATION)
    # surge before a scheduled assembly
    from guild.governance.selectors import upcoming_assemblies

    if upcoming_assemblies(policy.surge_days).exists():
        recent = Application.objects.filter(
            created_at__gte=application.created_at - timedelta(days=30),
            created_at__lte=application.created_at,
        ).count()
        before = Application.objects.filter(
            created_at__gte=application.created_at - timedelta(days=395),
            created_at__lt=application.created_at - timedelta(days=30),
        ).count()
        usual = Decimal(before) / 12
        if recent >= 5 and Decimal(recent) > max(usual, Decimal(1)) * policy.surge_factor:
            _raise(
                application,
                K.SURGE,
                "",
                [application.pk],
                _("%(n)s applications in 30 days before an assembly, usually %(u)s a month.")
                % {"n": recent, "u": usual.quantize(Decimal("0.1"))},
                actor,
            )
            raised.append(K.SURGE)
    return raised

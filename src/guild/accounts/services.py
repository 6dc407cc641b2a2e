"""Writes on accounts: profile, personal-data export and erasure, association roles."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.accounts.models import Role, RoleGrant, User
from guild.core.audit import audit_log
from guild.core.privacy import erasers, exporters

PROFILE_FIELDS = ("first_name", "last_name", "language")


class AccountError(ValidationError):
    """A refused account operation, with a message meant for the person."""


# --- profile ----------------------------------------------------------------------------------


def user_update_profile(*, actor: User, user: User, data: dict) -> User:
    """Change name and language preference. A person may only change their own profile."""
    if actor.pk != user.pk:
        raise AccountError(_("You may only change your own profile."))
    language = data.get("language", user.language)
    if language not in dict(settings.LANGUAGES):
        raise AccountError(_("This language is not available."))
    with transaction.atomic():
        changed = []
        for field in PROFILE_FIELDS:
            if field in data:
                value = (data[field] or "").strip() if field != "language" else language
                if getattr(user, field) != value:
                    setattr(user, field, value)
                    changed.append(field)
        if changed:
            user.save(update_fields=changed)
    return user


# --- personal data ----------------------------------------------------------------------------


def account_export(user: User) -> dict:
    """What the accounts app holds about ``user`` (registered as the ``accounts`` exporter)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "roles": [
            {
                "role": grant.role,
                "label": str(grant.get_role_display()),
                "granted_at": grant.granted_at,
                "revoked_at": grant.revoked_at,
            }
            for grant in user.role_grants.order_by("granted_at")
        ],
        "two_factor_methods": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }


def user_export_data(*, actor: User, user: User) -> tuple[str, bytes]:
    """Build the personal-data archive: a ZIP holding ``data.json``. Returns (filename, bytes)."""
    if actor.pk != user.pk:
        raise AccountError(_("You may only download your own data."))
    now = timezone.now()
    sections = {name: fn(user) for name, fn in exporters().items()}
    payload = {
        "generated_at": now,
        "site": settings.SITE_URL,
        "user": {"id": user.pk, "email": user.email},
        "sections": sections,
    }
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", body)
        archive.writestr("LISEZMOI.txt", _readme(now))
    return f"guild-data-{user.pk}-{now:%Y%m%d}.zip", buffer.getvalue()


def _readme(now: datetime) -> str:
    return (
        _(
            "This archive holds every piece of personal data the platform keeps about you, "
            "in data.json (JSON, UTF-8), one section per part of the platform. "
            "Generated on %(date)s."
        )
        % {"date": timezone.localtime(now).strftime("%Y-%m-%d %H:%M")}
        + "\n"
    )


def account_erase(user: User) -> None:
    """The accounts app's eraser: drop e-mail addresses and two-factor devices."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()


def user_erase(*, actor: User, user: User) -> User:
    """Forget a person: every app's eraser runs, then the account itself is anonymised.

    What the law requires other apps to keep (invoices…) stays with those apps, attached to the
    anonymised account. The audit entry records the act, not the person's data.
    """
    if actor.pk != user.pk:
        raise AccountError(_("You may only delete your own account."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.anonymised_at is not None:
            raise AccountError(_("This account has already been deleted."))
        if user.has_role(Role.ADMINISTRATOR) and _active_administrators().count() <= 1:
            raise AccountError(
                _("You are the last administrator: appoint another administrator first.")
            )
        for _name, eraser in erasers().items():
            eraser(user)
        now = timezone.now()
        RoleGrant.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        user.email = f"deleted-{user.pk}@anonymised.invalid"
        user.first_name = ""
        user.last_name = ""
        user.set_unusable_password()
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.anonymised_at = now
        user.save()
        user.__dict__.pop("role_codes", None)
        audit_log(actor=user, action="account.erase", target=user, data={})
    return user


# --- roles ------------------------------------------------------------------------------------


def _active_administrators():
    return RoleGrant.objects.filter(
        role=Role.ADMINISTRATOR, revoked_at__isnull=True, user__is_active=True
    )


def role_grant(*, actor: User, user: User, role: str) -> RoleGrant:
    """Give ``user`` an association role. Refused if the role is unknown or already held."""
    if role not in Role.values:
        raise AccountError(_("This role does not exist."))
    if not user.is_active:
        raise AccountError(_("This account is inactive: roles cannot be granted to it."))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if RoleGrant.objects.filter(user=user, role=role, revoked_at__isnull=True).exists():
            raise AccountError(
                _("%(user)s already holds the role “%(role)s”.")
                % {"user": user.display_name, "role": Role(role).label}
            )
        grant = RoleGrant.objects.create(user=user, role=role, granted_by=actor)
        audit_log(
            actor=actor,
            action="role.grant",
            target=user,
            data={"role": role, "grant": grant.pk},
        )
    user.__dict__.pop("role_codes", None)
    return grant


def role_revoke(*, actor: User, user: User, role: str) -> RoleGrant:
    """Withdraw an association role. The last administrator cannot lose the role."""
    with transaction.atomic():
        if role == Role.ADMINISTRATOR:
            # Serialise administrator revocations so two admins cannot remove each other.
            list(_active_administrators().select_for_update().values_list("pk", flat=True))
        grant = (
            RoleGrant.objects.select_for_update()
            .filter(user=user, role=role, revoked_at__isnull=True)
            .first()
        )
        if grant is None:
            raise AccountError(_("This person does not hold this role."))
        if role == Role.ADMINISTRATOR and _active_administrators().count() <= 1:
            raise AccountError(
                _(
                    "The association must keep at least one administrator: appoint another "
                    "administrator before withdrawing this role."
                )
            )
        grant.revoked_at = timezone.now()
        grant.revoked_by = actor
        grant.save(update_fields=["revoked_at", "revoked_by"])
        audit_log(
            actor=actor,
            action="role.revoke",
            target=user,
            data={"role": role, "grant": grant.pk},
        )
    user.__dict__.pop("role_codes", None)
    return grant

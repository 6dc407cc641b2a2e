"""Writes on personal API tokens."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.api.models import ApiToken, Scope, hash_token, new_raw_token
from guild.core.audit import audit_log

MAX_ACTIVE_TOKENS = 20


class TokenError(ValidationError):
    """A refused token operation, with a message meant for the person."""


def api_token_create(
    *, actor, name: str, scopes: list[str], expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a personal token for ``actor``. Returns the token and its raw value, which is
    shown once and never stored (only its SHA-256 hash is)."""
    name = (name or "").strip()
    if not name:
        raise TokenError(_("Give the token a name."))
    scopes = sorted(set(scopes or []))
    if not scopes:
        raise TokenError(_("Choose at least one scope."))
    unknown = set(scopes) - set(Scope.values)
    if unknown:
        raise TokenError(_("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(sorted(unknown))})
    if Scope.ADMIN in scopes and not actor.has_perm("api.use_admin_scope"):
        raise TokenError(_("Only administrators may create tokens with the admin scope."))
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenError(_("The expiry date must be in the future."))
    with transaction.atomic():
        active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count()
        if active >= MAX_ACTIVE_TOKENS:
            raise TokenError(
                _("You already have %(n)s active tokens: revoke one first.")
                % {"n": MAX_ACTIVE_TOKENS}
            )
        raw = new_raw_token()
        token = ApiToken.objects.create(
            user=actor,
            name=name[:100],
            prefix=raw[:12],
            token_hash=hash_token(raw),
            scopes=scopes,
            expires_at=expires_at,
        )
        audit_log(
            actor=actor,
            action="api_token.create",
            target=token,
            data={"scopes": scopes, "expires_at": expires_at},
        )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke one of ``actor``'s tokens. Revoking twice is harmless."""
    if token.user_id != actor.pk:
        raise TokenError(_("You may only revoke your own tokens."))
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        token.refresh_from_db(fields=["revoked_at"])
        if updated:
            audit_log(
                actor=actor, action="api_token.revoke", target=token, data={"prefix": token.prefix}
            )
    return token


def api_tokens_export(user) -> list[dict]:
    """Personal-data export: the person's tokens (never the secret, which is not stored)."""
    return [
        {
            "name": token.name,
            "prefix": token.prefix,
            "scopes": token.scopes,
            "created_at": token.created_at,
            "expires_at": token.expires_at,
            "last_used_at": token.last_used_at,
            "revoked_at": token.revoked_at,
        }
        for token in ApiToken.objects.filter(user=user).order_by("created_at")
    ]


def api_tokens_erase(user) -> None:
    """Personal-data eraser: a forgotten person's tokens are deleted."""
    ApiToken.objects.filter(user=user).delete()

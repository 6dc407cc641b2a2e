"""Token authentication for the door and registration hot paths, cached in process.

The redeem and order endpoints are called hundreds of times a second by the same few scanner
and kiosk tokens. Looking the token up (and the user's roles) on every call is two of the
handful of round trips to the database each call makes, so a token's verdict is kept in
process for ``EVENTS_API_AUTH_CACHE_SECONDS`` (default 10 s, ``0`` disables): revoking a
token, deactivating its user or removing a role takes effect within that delay on these two
endpoints (immediately everywhere else). Anything unusual (no token, an unknown, revoked or
expired token, a session) goes through the normal authentication, uncached.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings
from rest_framework import authentication

from guild.api.authentication import ApiTokenAuthentication
from guild.api.models import hash_token
from guild.api.schema import ApiTokenScheme

_CACHE: dict[str, tuple[float, object, object]] = {}
_LOCK = threading.Lock()
MAX_ENTRIES = 1000


def ttl() -> float:
    return float(getattr(settings, "EVENTS_API_AUTH_CACHE_SECONDS", 10))


def clear_auth_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def cached_credentials(raw_token: str) -> tuple[object, object] | None:
    """(user, token) of a raw token verified less than ``ttl()`` seconds ago in this process,
    else ``None`` (never verified, expired from the cache, or the cache is off)."""
    seconds = ttl()
    if seconds <= 0:
        return None
    cached = _CACHE.get(hash_token(raw_token))
    if cached is not None and time.monotonic() - cached[0] < seconds:
        return cached[1], cached[2]
    return None


class CachedTokenAuthentication(ApiTokenAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        parts = header.split()
        if ttl() <= 0 or len(parts) != 2 or parts[0] != self.keyword:
            return super().authenticate(request)
        cached = cached_credentials(parts[1])
        if cached is not None:
            return cached
        result = super().authenticate(request)  # raises on an unknown or unusable token
        if result is not None:
            user, token = result
            user.role_codes  # noqa: B018 - load the roles now, cached with the user
            with _LOCK:
                if len(_CACHE) >= MAX_ENTRIES:
                    _CACHE.clear()
                _CACHE[hash_token(parts[1])] = (time.monotonic(), user, token)
        return result


class CachedTokenScheme(ApiTokenScheme):
    """The same personal token, shown as its own security scheme (drf-spectacular keys schemes
    by authentication class) with the cache delay stated."""

    target_class = "guild.events.api_auth.CachedTokenAuthentication"
    name = "apiTokenCached"

    def get_security_definition(self, auto_schema):
        definition = super().get_security_definition(auto_schema)
        definition["description"] = (
            "Le même jeton personnel (`Authorization: Bearer gld_…`). Sur les inscriptions et "
            "le contrôle d'accès, sa vérification est gardée en mémoire quelques secondes "
            "(10 s par défaut) : une révocation y prend effet dans ce délai."
        )
        return definition

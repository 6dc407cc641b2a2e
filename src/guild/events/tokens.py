"""Signed, unguessable badge tokens for QR codes.

A token reads ``G1.<registration id>.<badge key>.<signature>``: the badge key is 72 random bits
stored on the registration (changing it revokes every copy of the badge), the signature is an
HMAC-SHA256 over the rest with a key derived from ``SECRET_KEY``, so a forged or truncated
token is refused before the database is touched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

PREFIX = "G1"


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return hashlib.sha256(f"guild.events.badge:{secret}".encode()).digest()


def _sign(payload: str) -> str:
    digest = hmac.new(_key(settings.SECRET_KEY), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:15]).decode()


def make_token(registration_id: int, badge_key: str) -> str:
    payload = f"{PREFIX}.{registration_id}.{badge_key}"
    return f"{payload}.{_sign(payload)}"


def badge_token(registration) -> str:
    return make_token(registration.pk, registration.badge_key)


@dataclass(frozen=True)
class ParsedToken:
    registration_id: int
    badge_key: str


def parse_token(token: str) -> ParsedToken | None:
    """Return the token's parts when its signature is valid, else ``None``."""
    token = (token or "").strip()
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != PREFIX or not parts[1].isdigit():
        return None
    payload = ".".join(parts[:3])
    if not hmac.compare_digest(_sign(payload), parts[3]):
        return None
    return ParsedToken(int(parts[1]), parts[2])

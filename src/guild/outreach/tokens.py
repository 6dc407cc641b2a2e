"""Signed links (django.core.signing): confirmation, preference centre, unsubscribe, clicks.

Each purpose has its own salt, so a token minted for one purpose is refused by another.
A tampered or expired token raises ``signing.BadSignature``.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_MAX_AGE = 7 * 24 * 3600


def _dumps(data, salt: str) -> str:
    return signing.dumps(data, salt=f"outreach.{salt}", compress=True)


def _loads(token: str, salt: str, max_age=None):
    return signing.loads(token, salt=f"outreach.{salt}", max_age=max_age)


def confirm_token(contact_id: int, list_ids: list[int]) -> str:
    return _dumps({"c": contact_id, "l": list_ids}, "confirm")


def read_confirm_token(token: str) -> dict:
    return _loads(token, "confirm", max_age=CONFIRM_MAX_AGE)


def prefs_token(contact_id: int) -> str:
    return _dumps({"c": contact_id}, "prefs")


def read_prefs_token(token: str) -> int:
    return int(_loads(token, "prefs")["c"])


def unsubscribe_token(contact_id: int | None, list_id: int, send_id: int | None = None) -> str:
    return _dumps({"c": contact_id, "l": list_id, "s": send_id}, "unsub")


def read_unsubscribe_token(token: str) -> dict:
    return _loads(token, "unsub")


def click_token(send_id: int, url: str) -> str:
    return _dumps({"s": send_id, "u": url}, "click")


def read_click_token(token: str) -> dict:
    return _loads(token, "click")


def open_token(send_id: int) -> str:
    return _dumps(send_id, "open")


def read_open_token(token: str) -> int:
    return int(_loads(token, "open"))


def absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)

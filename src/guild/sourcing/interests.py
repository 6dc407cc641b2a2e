"""Declared interests of board members and staff, shown next to needs.

Governance owns declarations of interests; it plugs a provider in here
(``register_interest_provider(fn)``, ``fn(need) -> list[str]`` of short sentences). Until then
the needs page shows a neutral note only.
"""

from __future__ import annotations

from collections.abc import Callable

_providers: list[Callable] = []


def register_interest_provider(fn: Callable) -> None:
    if fn not in _providers:
        _providers.append(fn)


def declared_interests(need) -> list[str]:
    found: list[str] = []
    for provider in _providers:
        found += list(provider(need) or [])
    return found

"""Hook for the public events shown by the iCal feed, the widget and the sitemap.

The events app registers a provider in its ``ready()``::

    from guild.outreach.public_events import register_public_events
    register_public_events(lambda: [PublicEvent(uid=..., title=..., start=..., ...), ...])

Until a provider is registered, the feed is empty and the widget says no event is planned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone


@dataclass(frozen=True)
class PublicEvent:
    uid: str
    title: str
    start: datetime
    end: datetime
    url: str = ""
    location: str = ""
    summary: str = ""
    register_url: str = ""


_providers: list[Callable[[], Iterable[PublicEvent]]] = []


def register_public_events(fn: Callable[[], Iterable[PublicEvent]]) -> None:
    _providers.append(fn)


def public_events() -> list[PublicEvent]:
    events = [event for provider in _providers for event in provider()]
    return sorted(events, key=lambda e: e.start)


def next_event() -> PublicEvent | None:
    now = timezone.now()
    return next((e for e in public_events() if e.end >= now), None)

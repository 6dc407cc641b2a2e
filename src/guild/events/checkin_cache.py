"""A short in-process cache of check-in lists for the redeem hot path."""

from __future__ import annotations

import time

_LIST_CACHE: dict[int, tuple[float, object, frozenset]] = {}
TTL = 10.0


def get_list(list_id: int):
    from guild.events.models import CheckinList

    cached = _LIST_CACHE.get(list_id)
    now = time.monotonic()
    if cached and now - cached[0] < TTL:
        return cached[1], cached[2]
    checkin_list = CheckinList.objects.get(pk=list_id)
    types = frozenset(checkin_list.ticket_types.values_list("pk", flat=True))
    _LIST_CACHE[list_id] = (now, checkin_list, types)
    return checkin_list, types


def clear_list_cache() -> None:
    _LIST_CACHE.clear()

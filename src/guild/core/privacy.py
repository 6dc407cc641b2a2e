"""Personal-data registries: every app plugs its exporter and its eraser in here.

``register_exporter(section, fn)``: ``fn(user) -> JSON-serialisable data`` about that person.
``register_eraser(section, fn)``: ``fn(user) -> None`` anonymises what the app holds, keeping
what the law requires (invoices, for example). Apps register in ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_exporters: dict[str, Callable[[Any], Any]] = {}
_erasers: dict[str, Callable[[Any], None]] = {}


def register_exporter(section: str, fn: Callable[[Any], Any]) -> None:
    _exporters[section] = fn


def register_eraser(section: str, fn: Callable[[Any], None]) -> None:
    _erasers[section] = fn


def exporters() -> dict[str, Callable[[Any], Any]]:
    return dict(sorted(_exporters.items()))


def erasers() -> dict[str, Callable[[Any], None]]:
    return dict(sorted(_erasers.items()))

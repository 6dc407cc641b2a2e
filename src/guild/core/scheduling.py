"""Periodic jobs. Apps register ``register_periodic(name, every_seconds, fn)`` in ``ready()``;
``manage.py scheduler`` runs each job when due (``--once`` runs every job once and exits).
Jobs should be quick: they usually enqueue tasks or call an idempotent service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: int
    fn: Callable[[], object]


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, every_seconds: int, fn: Callable[[], object]) -> None:
    _jobs[name] = PeriodicJob(name, every_seconds, fn)


def jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda job: job.name)

"""The hook where an admission procedure plugs in.

The governance app registers its procedure with :func:`register_admission_procedure` in its
``AppConfig.ready()``. When a membership is applied for in a category whose
``admission_required`` is set and a procedure is registered, the procedure is started (it
later calls ``membership_transition(..., to_status=ADMITTED or REFUSED)``). Without a
procedure, staff approve applications directly.
"""

from __future__ import annotations

from collections.abc import Callable

_procedure: Callable | None = None


def register_admission_procedure(fn: Callable) -> None:
    """``fn(*, actor, membership)`` starts the procedure for a new application."""
    global _procedure  # noqa: PLW0603
    _procedure = fn


def admission_procedure() -> Callable | None:
    return _procedure

"""Shared view helpers: permission checks and turning domain errors into messages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def attempt(request, fn, success: str = "", form=None) -> bool:
    """Run a service call; show its French error (on the form if given) and report success."""
    try:
        fn()
    except (ValidationError, PermissionDenied) as exc:
        texts = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        if form is not None:
            for text in texts:
                form.add_error(None, text)
        else:
            for text in texts:
                messages.error(request, text)
        return False
    if success:
        messages.success(request, success)
    return True

"""Query-string parameters of the API, checked: a filter the API does not understand is a
clear 400, never silently ignored (``?status=payed`` must not answer with every invoice)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def choice_param(request, name: str, choices: Iterable[str]) -> str | None:
    """The parameter's value if it is one of ``choices``; None when absent or empty."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    choices = list(choices)
    if value not in choices:
        raise ValidationError(
            {
                name: [
                    _("Unknown value “%(value)s”; expected one of: %(choices)s.")
                    % {"value": value[:50], "choices": ", ".join(choices)}
                ]
            }
        )
    return value


def int_param(request, name: str, *, minimum: int | None = None) -> int | None:
    """The parameter as a whole number; None when absent or empty."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or (minimum is not None and number < minimum):
        message = (
            _("Enter a whole number.")
            if minimum is None
            else _("Enter a whole number of at least %(minimum)s.") % {"minimum": minimum}
        )
        raise ValidationError({name: [message]})
    return number

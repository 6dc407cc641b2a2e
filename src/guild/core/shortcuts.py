"""Looking an object up by a key that came from a form or the query string."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404


def key_or_none(model: type[Model] | QuerySet, value):
    """``value`` as ``model``'s primary key, or None when it cannot be one (empty, letters
    where a number is expected, a NUL character…): such a value finds nothing, it is not an
    error 500."""
    model = model.model if isinstance(model, QuerySet) else model
    if value in (None, "") or (isinstance(value, str) and "\x00" in value):
        return None
    try:
        return model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None


def get_posted_or_404(model: type[Model] | QuerySet, value, **filters):
    """``get_object_or_404`` for a primary key read from ``request.POST`` or ``request.GET``."""
    queryset = _queryset(model)
    key = key_or_none(queryset, value)
    if key is not None:
        try:
            return queryset.get(pk=key, **filters)
        except queryset.model.DoesNotExist:
            pass
    raise Http404(f"No {queryset.model._meta.object_name} matches the given query.")


def first_posted(model: type[Model] | QuerySet, value, **filters):
    """The object with that key (and ``filters``), or None."""
    key = key_or_none(model, value)
    if key is None:
        return None
    return _queryset(model).filter(pk=key, **filters).first()


def _queryset(model: type[Model] | QuerySet) -> QuerySet:
    return model if isinstance(model, QuerySet) else model._default_manager.all()

"""Segment filters: saved filters over contacts (members appear as contacts linked to their
member record). Built-in filters live here; other apps plug theirs in with
``register_segment_filter(code, label, fn)`` where ``fn(emails, value)`` receives a queryset of
e-mail addresses (``values_list("email", flat=True)``) and returns the addresses (a queryset or
an iterable) that match ``value``. The events app registers ``event`` (past attendance) and the
commissions app ``commission`` this way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from guild.members.constants import MembershipStatus
from guild.outreach.models import Contact, Subscription, Suppression


@dataclass(frozen=True)
class SegmentFilter:
    code: str
    label: str
    fn: Callable


_registry: dict[str, SegmentFilter] = {}


def register_segment_filter(code: str, label, fn: Callable) -> None:
    """Register a filter ``fn(emails_queryset, value) -> emails`` under ``code``."""
    _registry[code] = SegmentFilter(code, label, fn)


def registered_filters() -> dict[str, SegmentFilter]:
    return dict(_registry)


def _split(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


ACTIVE_MEMBERSHIP = [MembershipStatus.ACTIVE, MembershipStatus.AWAITING_PAYMENT]


def _category(qs: QuerySet, value) -> QuerySet:
    codes = _split(value)
    return qs.filter(
        Q(
            person__memberships__category__code__in=codes,
            person__memberships__status__in=ACTIVE_MEMBERSHIP,
        )
        | Q(
            organisation__memberships__category__code__in=codes,
            organisation__memberships__status__in=ACTIVE_MEMBERSHIP,
        )
    )


def _naf(qs: QuerySet, value) -> QuerySet:
    condition = Q()
    for prefix in _split(value):
        condition |= Q(organisation__naf__code__startswith=prefix)
        condition |= Q(person__organisation__naf__code__startswith=prefix)
    return qs.filter(condition) if condition else qs


def _departement(qs: QuerySet, value) -> QuerySet:
    codes = _split(value)
    return qs.filter(
        Q(departement__in=codes)
        | Q(person__departement__in=codes)
        | Q(organisation__departement__in=codes)
    )


def _tags(qs: QuerySet, value) -> QuerySet:
    return qs.filter(tags__name__in=_split(value))


def _consent(qs: QuerySet, value) -> QuerySet:
    return qs.filter(
        subscriptions__mailing_list__slug__in=_split(value),
        subscriptions__status=Subscription.Status.ACTIVE,
    )


def _member(qs: QuerySet, value) -> QuerySet:
    members = Q(person__memberships__status__in=ACTIVE_MEMBERSHIP) | Q(
        organisation__memberships__status__in=ACTIVE_MEMBERSHIP
    )
    return qs.filter(members) if str(value) in {"1", "true", "yes"} else qs.exclude(members)


BUILTIN = {
    "category": (_("Membership category (codes)"), _category),
    "naf": (_("NAF code (prefixes)"), _naf),
    "departement": (_("Département (codes)"), _departement),
    "tags": (_("Tags"), _tags),
    "consent": (_("Subscribed to list (slugs)"), _consent),
    "member": (_("Current member (yes/no)"), _member),
}


def filter_choices() -> list[tuple[str, str]]:
    choices = [(code, label) for code, (label, _fn) in BUILTIN.items()]
    choices += [(f.code, f.label) for f in _registry.values()]
    return choices


def apply_filters(filters: dict, base: QuerySet | None = None) -> QuerySet:
    """Return the contacts matching every filter (AND), anonymised contacts excluded."""
    qs = base if base is not None else Contact.objects.filter(anonymised_at__isnull=True)
    for code, value in (filters or {}).items():
        if value in (None, "", []):
            continue
        if code in BUILTIN:
            qs = BUILTIN[code][1](qs, value)
        elif code in _registry:
            emails = _registry[code].fn(qs.values_list("email", flat=True), value)
            qs = qs.filter(email__in=emails)
    return qs.distinct()


def audience(mailing_list, filters: dict | None) -> QuerySet:
    """Who a campaign reaches: active subscribers of the list, matching the segment, not
    suppressed."""
    base = Contact.objects.filter(
        anonymised_at__isnull=True,
        subscriptions__mailing_list=mailing_list,
        subscriptions__status=Subscription.Status.ACTIVE,
    )
    qs = apply_filters(filters or {}, base)
    suppressed = Suppression.objects.values_list("email", flat=True)
    return qs.exclude(email__in=suppressed)

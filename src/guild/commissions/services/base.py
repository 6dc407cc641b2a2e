"""Shared plumbing of the commission services: refusals, permission checks, horizons."""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guild.commissions.models import CommissionSettings, Horizon


class NotAllowed(PermissionDenied):
    """A refusal with a message for the person (shown on the page, returned by the API)."""

    def __init__(self, message=None):
        self.message = message or _("You are not allowed to do this.")
        super().__init__(str(self.message))


def require(actor, perm: str, obj=None, message=None) -> None:
    if not actor.has_perm(perm, obj):
        raise NotAllowed(message)


NOT_A_MEMBER = _("You are not a member of this commission: only its members may do this.")
NOT_A_CHAIR = _("Only the chairs of this commission may do this.")


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def horizon_for(start: date | None, target: date | None, config=None) -> str:
    """Short, medium or long term: how far the target date lies from ``start`` (the day the
    action was planned; today by default). Without a target date, an action is long term."""
    if target is None:
        return Horizon.LONG
    config = config or CommissionSettings.load()
    reference = start or timezone.localdate()
    if target < add_months(reference, config.short_max_months):
        return Horizon.SHORT
    if target <= add_months(reference, config.medium_max_months):
        return Horizon.MEDIUM
    return Horizon.LONG


def check_dates(start: date | None, target: date | None) -> None:
    if start and target and target < start:
        raise ValidationError(
            {"target_date": _("The target date cannot be before the start date.")}
        )

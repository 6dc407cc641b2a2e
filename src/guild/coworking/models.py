"""Co-working: spaces, resources, rates, plans and subscriptions, bookings and presence."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _token() -> str:
    return secrets.token_urlsafe(24)


class Space(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), unique=True)
    address_line = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # Booking rules, shared by every resource of the space.
    min_minutes = models.PositiveIntegerField(_("minimum duration (minutes)"), default=30)
    max_minutes = models.PositiveIntegerField(_("maximum duration (minutes)"), default=600)
    max_days_ahead = models.PositiveIntegerField(_("bookable up to (days ahead)"), default=60)
    max_concurrent = models.PositiveIntegerField(
        _("maximum upcoming bookings per person"), default=5
    )
    cancel_deadline_hours = models.PositiveIntegerField(
        _("cancellation deadline (hours before start)"), default=2
    )
    buffer_minutes = models.PositiveIntegerField(_("buffer between bookings (minutes)"), default=0)
    no_show_release_minutes = models.PositiveIntegerField(
        _("release a booking not checked in after (minutes)"), default=30
    )
    door_token = models.CharField(_("door token"), max_length=64, default=_token, unique=True)

    class Meta:
        verbose_name = _("co-working space")
        verbose_name_plural = _("co-working spaces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["space", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["space", "weekday"], name="cw_hours_one_per_day"),
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="cw_hours_opens_before_closes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="closures")
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to (inclusive)"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["date_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_from__lte=models.F("date_to")), name="cw_closure_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date_from} – {self.date_to}"


class Resource(models.Model):
    class Kind(models.TextChoices):
        HOT_DESK_POOL = "hot_desk_pool", _("hot desks (pool)")
        DEDICATED_DESK = "dedicated_desk", _("dedicated desk")
        MEETING_ROOM = "meeting_room", _("meeting room")
        PHONE_BOOTH = "phone_booth", _("phone booth")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"), default=1)
    pool_size = models.PositiveSmallIntegerField(_("number of desks in the pool"), default=1)
    equipment = models.CharField(_("equipment"), max_length=255, blank=True)
    member_price_hour = models.DecimalField(
        _("member price per hour"), max_digits=8, decimal_places=2, default=0
    )
    public_price_hour = models.DecimalField(
        _("non-member price per hour"), max_digits=8, decimal_places=2, default=0
    )
    member_price_half_day = models.DecimalField(
        _("member price per half day"), max_digits=8, decimal_places=2, default=0
    )
    public_price_half_day = models.DecimalField(
        _("non-member price per half day"), max_digits=8, decimal_places=2, default=0
    )
    member_price_day = models.DecimalField(
        _("member price per day"), max_digits=8, decimal_places=2, default=0
    )
    public_price_day = models.DecimalField(
        _("non-member price per day"), max_digits=8, decimal_places=2, default=0
    )
    active = models.BooleanField(_("bookable"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["space", "position", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(pool_size__gte=1), name="cw_pool_size_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pool(self) -> bool:
        return self.kind == self.Kind.HOT_DESK_POOL


class Plan(models.Model):
    class Kind(models.TextChoices):
        DAY_PASS = "day_pass", _("day pass")
        TEN_DAYS = "ten_days", _("10-day card")
        MONTHLY_HOT_DESK = "monthly_hot_desk", _("monthly hot desk")
        MONTHLY_DEDICATED = "monthly_dedicated", _("monthly dedicated desk")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(_("price excl. VAT"), max_digits=8, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2, default=20)
    members_only = models.BooleanField(_("reserved to members"), default=False)
    days_included = models.PositiveSmallIntegerField(
        _("desk days included"), default=0, help_text=_("0 means unlimited.")
    )
    validity_days = models.PositiveSmallIntegerField(_("valid for (days)"), default=30)
    room_hours_per_month = models.PositiveSmallIntegerField(
        _("meeting-room hours included per month"), default=0
    )
    active = models.BooleanField(_("on sale"), default=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["space", "price"]

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    class Status(models.TextChoices):
        AWAITING_PAYMENT = "awaiting_payment", _("awaiting payment")
        ACTIVE = "active", _("active")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coworking_subscriptions"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AWAITING_PAYMENT
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} – {self.user}"


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("booking", "confirmed")
    CHECKED_IN = "checked_in", pgettext_lazy("booking", "checked in")
    CANCELLED = "cancelled", pgettext_lazy("booking", "cancelled")
    RELEASED = "released", _("released (no-show)")


HOLDING = (BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Booking(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coworking_bookings"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    # End of the slot plus the space's buffer: what the no-overlap constraint compares.
    blocked_until = models.DateTimeField(_("blocked until"))
    quantity = models.PositiveSmallIntegerField(_("desks"), default=1)
    exclusive = models.BooleanField(default=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    series = models.UUIDField(_("weekly series"), null=True, blank=True, db_index=True)
    price = models.DecimalField(_("price excl. VAT"), max_digits=8, decimal_places=2, default=0)
    member_rate = models.BooleanField(_("member rate"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Meeting-room credits: the plan whose monthly credits this booking consumed, how many
    # minutes they covered, and the amount beyond credits, invoiced at the end of the month.
    subscription = models.ForeignKey(
        Subscription,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        verbose_name=_("plan used"),
    )
    credit_minutes = models.PositiveIntegerField(_("credit minutes used"), default=0)
    overage = models.DecimalField(
        _("amount beyond credits excl. VAT"), max_digits=8, decimal_places=2, default=0
    )
    usage_statement = models.ForeignKey(
        "UsageStatement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        editable=False,
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["resource", "start"]),
            models.Index(fields=["user", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="cw_booking_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(blocked_until__gte=models.F("end")), name="cw_booking_buffer_after_end"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cw_booking_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in HOLDING


class UsageStatement(models.Model):
    """One monthly invoice of the bookings beyond credits of one customer (never twice)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coworking_statements"
    )
    month = models.DateField(_("month"), help_text=_("First day of the month invoiced."))
    amount = models.DecimalField(_("amount excl. VAT"), max_digits=10, decimal_places=2)
    invoice = models.OneToOneField(
        "billing.Invoice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invoice"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("monthly usage statement")
        verbose_name_plural = _("monthly usage statements")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="cw_statement_once_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.month:%Y-%m}"


# Added by migration 0002 on PostgreSQL only (SQLite relies on BEGIN IMMEDIATE + a check).
NO_OVERLAP = ExclusionConstraint(
    name="cw_booking_no_overlap",
    expressions=[
        ("resource", RangeOperators.EQUAL),
        (TsTzRange("start", "blocked_until"), RangeOperators.OVERLAPS),
    ],
    condition=Q(exclusive=True, status__in=["confirmed", "checked_in"]),
)


class SpaceSettings(models.Model):
    """A user's co-working preferences: presence visibility and the private calendar token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coworking_settings"
    )
    show_presence = models.BooleanField(_("show me in “who is here today”"), default=False)
    ical_token = models.CharField(max_length=64, default=_token, unique=True)

    class Meta:
        verbose_name = _("co-working preferences")
        verbose_name_plural = _("co-working preferences")

    def __str__(self) -> str:
        return str(self.user)

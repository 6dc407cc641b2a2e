"""Writes on co-working: bookings (no overlap, pooled desks), cancellation, check-in,
no-show release, reminders, subscriptions and presence preferences."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.outbox import email_queue
from guild.coworking.models import (
    HOLDING,
    Booking,
    BookingStatus,
    Plan,
    Resource,
    SpaceSettings,
    Subscription,
)
from guild.members.selectors import memberships_of_user


class BookingError(Exception):
    """A booking refused for a reason the user can understand (message in French)."""


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime


def is_member(user) -> bool:
    return memberships_of_user(user).filter(status="active").exists()


def _local(dt: datetime) -> datetime:
    return timezone.localtime(dt)


def _fmt(dt: datetime) -> str:
    return formats.date_format(_local(dt), "DATETIME_FORMAT")


def booking_price(
    resource: Resource, start: datetime, end: datetime, *, member: bool, quantity: int = 1
) -> Decimal:
    """Cheapest combination of day, half-day and hourly rates for the slot."""
    prefix = "member" if member else "public"
    hour = Decimal(getattr(resource, f"{prefix}_price_hour"))
    half = Decimal(getattr(resource, f"{prefix}_price_half_day"))
    day = Decimal(getattr(resource, f"{prefix}_price_day"))
    hours = Decimal((end - start).total_seconds()) / Decimal(3600)
    options = [hour * hours]
    if half:
        options.append(half * (1 if hours <= 4 else 2) if hours <= 8 else half * 3)
    if day:
        options.append(day * max(1, -(-int(hours) // 10)))
    positive = [value for value in options if value > 0] or [Decimal(0)]
    return (min(positive) * quantity).quantize(Decimal("0.01"))


def _check_rules(
    *, resource: Resource, user, start: datetime, end: datetime, now: datetime, staff_override: bool
) -> None:
    space = resource.space
    if not resource.active:
        raise BookingError(_("This resource cannot be booked at the moment."))
    if end <= start:
        raise BookingError(_("The end must be after the start."))
    if start < now:
        raise BookingError(_("You cannot book a slot in the past."))
    minutes = (end - start).total_seconds() / 60
    if not staff_override:
        if minutes < space.min_minutes:
            raise BookingError(
                _("A booking lasts at least %(n)d minutes.") % {"n": space.min_minutes}
            )
        if minutes > space.max_minutes:
            raise BookingError(
                _("A booking lasts at most %(n)d minutes.") % {"n": space.max_minutes}
            )
        if start > now + timedelta(days=space.max_days_ahead):
            raise BookingError(
                _("Bookings open %(n)d days ahead at most.") % {"n": space.max_days_ahead}
            )
    local_start, local_end = _local(start), _local(end)
    if local_start.date() != local_end.date() and local_end.time() != datetime.min.time():
        raise BookingError(_("A booking must start and end on the same day."))
    hours = {h.weekday: h for h in space.opening_hours.all()}
    day_hours = hours.get(local_start.weekday())
    closing_time = local_end.time() if local_end.date() == local_start.date() else None
    if (
        day_hours is None
        or local_start.time() < day_hours.opens
        or closing_time is None
        or closing_time > day_hours.closes
    ):
        raise BookingError(_("The space is closed at that time (outside opening hours)."))
    closure = space.closures.filter(
        date_from__lte=local_start.date(), date_to__gte=local_start.date()
    ).first()
    if closure is not None:
        raise BookingError(
            _("The space is closed on that day: %(reason)s")
            % {"reason": closure.reason or _("closure")}
        )


def month_bounds(day: date) -> tuple[datetime, datetime]:
    """Local midnight of the first day of ``day``'s month and of the next month (aware)."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(first, datetime.min.time(), tzinfo=tz),
        datetime.combine(following, datetime.min.time(), tzinfo=tz),
    )


def credit_subscription(user, space, day: date, *, lock: bool = False) -> Subscription | None:
    """The active plan of ``user`` in ``space`` on ``day`` that includes meeting-room hours
    (the one ending first). ``lock`` takes a row lock so that two bookings of the same member
    consume its credits one after the other."""
    qs = Subscription.objects.filter(
        user=user,
        status=Subscription.Status.ACTIVE,
        plan__space=space,
        plan__room_hours_per_month__gt=0,
        starts_on__lte=day,
        ends_on__gte=day,
    ).order_by("ends_on", "pk")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.select_related("plan").first()


def credit_minutes_used(subscription: Subscription, day: date) -> int:
    start, end = month_bounds(day)
    used = Booking.objects.filter(
        subscription=subscription, start__gte=start, start__lt=end
    ).aggregate(total=Sum("credit_minutes"))["total"]
    return used or 0


@dataclass(frozen=True)
class CreditBalance:
    subscription: Subscription
    month: date
    included_minutes: int
    used_minutes: int
    expires_on: date

    @property
    def remaining_minutes(self) -> int:
        return max(0, self.included_minutes - self.used_minutes)

    @property
    def remaining_hours(self) -> Decimal:
        return (Decimal(self.remaining_minutes) / 60).quantize(Decimal("0.1"))

    @property
    def included_hours(self) -> int:
        return self.included_minutes // 60


def credit_balance(subscription: Subscription, day: date) -> CreditBalance:
    """Meeting-room credits of ``subscription`` for ``day``'s month: they expire at the end
    of the month (or when the plan ends, if earlier) and do not carry over."""
    _start, following = month_bounds(day)
    last_day = following.date() - timedelta(days=1)
    return CreditBalance(
        subscription=subscription,
        month=day.replace(day=1),
        included_minutes=subscription.plan.room_hours_per_month * 60,
        used_minutes=credit_minutes_used(subscription, day),
        expires_on=min(last_day, subscription.ends_on or last_day),
    )


def _apply_credits(booking: Booking) -> None:
    """Cover a meeting-room booking with the member's monthly credits, as far as they go;
    the rest (``overage``) is invoiced with the month's usage. Runs inside the booking's
    transaction, after locking the subscription row."""
    minutes = int((booking.end - booking.start).total_seconds() // 60)
    day = _local(booking.start).date()
    subscription = credit_subscription(booking.user, booking.resource.space, day, lock=True)
    covered = 0
    if subscription is not None:
        balance = credit_balance(subscription, day)
        covered = min(balance.remaining_minutes, minutes)
    if covered:
        booking.subscription = subscription
        booking.credit_minutes = covered
    uncovered = Decimal(minutes - covered) / Decimal(minutes) if minutes else Decimal(0)
    booking.overage = (booking.price * uncovered).quantize(Decimal("0.01"))


DESK_KINDS = (Resource.Kind.HOT_DESK_POOL, Resource.Kind.DEDICATED_DESK)
CARD_KINDS = (Plan.Kind.DAY_PASS, Plan.Kind.TEN_DAYS)


def desk_subscription(user, space, day: date, *, lock: bool = False) -> Subscription | None:
    """The active desk plan of ``user`` in ``space`` on ``day``: a monthly desk plan first
    (unlimited days), else a day pass or a 10-day card (the one ending first)."""
    qs = Subscription.objects.filter(
        user=user,
        status=Subscription.Status.ACTIVE,
        plan__space=space,
        starts_on__lte=day,
        ends_on__gte=day,
    ).filter(
        Q(plan__kind__in=(Plan.Kind.MONTHLY_HOT_DESK, Plan.Kind.MONTHLY_DEDICATED))
        | Q(plan__kind__in=CARD_KINDS, plan__days_included__gt=0)
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    subscriptions = list(qs.select_related("plan").order_by("ends_on", "pk"))
    monthly = [s for s in subscriptions if s.plan.kind not in CARD_KINDS]
    return (monthly or subscriptions or [None])[0]


def desk_days_used(subscription: Subscription) -> set[date]:
    """The days a day pass or card has already been used: one day per calendar day with a
    desk booking, however many bookings that day."""
    starts = Booking.objects.filter(
        subscription=subscription, resource__kind__in=DESK_KINDS
    ).values_list("start", flat=True)
    return {_local(start).date() for start in starts}


def _apply_desk_plan(booking: Booking) -> None:
    """A desk booking is covered by the member's desk plan: a monthly plan covers every day; a
    day pass or a 10-day card uses one of its days (a second booking the same day uses none);
    once the card is used up, the day is invoiced with the month's usage. Runs inside the
    booking's transaction, after locking the subscription row, so two bookings never take the
    card's last day twice. Without a desk plan the day is invoiced with the month's usage, as
    a meeting room is."""
    day = _local(booking.start).date()
    subscription = desk_subscription(booking.user, booking.resource.space, day, lock=True)
    if subscription is None:
        booking.overage = booking.price
        return
    booking.subscription = subscription
    booking.overage = Decimal(0)
    if subscription.plan.kind in CARD_KINDS:
        used = desk_days_used(subscription)
        if day not in used and len(used) >= subscription.plan.days_included:
            booking.subscription = None
            booking.overage = booking.price


def _create_one(
    *,
    resource: Resource,
    user,
    start: datetime,
    end: datetime,
    quantity: int,
    series,
    member: bool,
    note: str,
) -> Booking:
    buffer = timedelta(minutes=resource.space.buffer_minutes)
    if resource.is_pool:
        # Serialise writers on the pool row, then count the desks already taken.
        Resource.objects.select_for_update().get(pk=resource.pk)
        taken = (
            Booking.objects.filter(
                resource=resource, status__in=HOLDING, start__lt=end, end__gt=start
            ).aggregate(total=Sum("quantity"))["total"]
            or 0
        )
        if taken + quantity > resource.pool_size:
            raise BookingError(
                _("Not enough free desks on %(when)s: %(free)d left.")
                % {"when": _fmt(start), "free": max(0, resource.pool_size - taken)}
            )
    else:
        if quantity != 1:
            raise BookingError(_("Only one unit of this resource can be booked."))
        clash = Booking.objects.filter(
            resource=resource,
            status__in=HOLDING,
            exclusive=True,
            start__lt=end + buffer,
            blocked_until__gt=start,
        )
        if clash.exists():
            raise BookingError(
                _("This slot is already booked (%(when)s). Choose another time.")
                % {"when": _fmt(start)}
            )
    booking = Booking(
        resource=resource,
        user=user,
        start=start,
        end=end,
        blocked_until=end + (timedelta(0) if resource.is_pool else buffer),
        quantity=quantity,
        exclusive=not resource.is_pool,
        series=series,
        member_rate=member,
        note=note,
        price=booking_price(resource, start, end, member=member, quantity=quantity),
    )
    if resource.kind == Resource.Kind.MEETING_ROOM:
        _apply_credits(booking)
    elif resource.kind in DESK_KINDS:
        _apply_desk_plan(booking)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:  # the PostgreSQL exclusion constraint caught a race
        raise BookingError(
            _("This slot is already booked (%(when)s). Choose another time.")
            % {"when": _fmt(start)}
        ) from exc
    return booking


def booking_create(
    *,
    actor,
    resource: Resource,
    start: datetime,
    end: datetime,
    user=None,
    quantity: int = 1,
    repeat_weeks: int = 1,
    note: str = "",
    now: datetime | None = None,
) -> list[Booking]:
    """Book ``resource`` for ``user`` (default: the actor); weekly recurrence books
    ``repeat_weeks`` occurrences, all or none."""
    from guild.core.permissions import is_space_manager

    user = user or actor
    now = now or timezone.now()
    staff_override = is_space_manager(actor)
    if not 1 <= repeat_weeks <= 26:
        raise BookingError(_("A weekly series has between 1 and 26 occurrences."))
    if quantity < 1:
        raise BookingError(_("Book at least one desk."))
    member = is_member(user)
    series = uuid.uuid4() if repeat_weeks > 1 else None
    slots = [
        Slot(start + timedelta(weeks=i), end + timedelta(weeks=i)) for i in range(repeat_weeks)
    ]
    with transaction.atomic():
        resource = Resource.objects.select_related("space").get(pk=resource.pk)
        for slot in slots:
            _check_rules(
                resource=resource,
                user=user,
                start=slot.start,
                end=slot.end,
                now=now,
                staff_override=staff_override,
            )
        upcoming = Booking.objects.filter(user=user, status__in=HOLDING, end__gt=now).count()
        if not staff_override and upcoming + len(slots) > resource.space.max_concurrent:
            raise BookingError(
                _("You already have %(n)d upcoming bookings; the limit is %(max)d.")
                % {"n": upcoming, "max": resource.space.max_concurrent}
            )
        bookings = [
            _create_one(
                resource=resource,
                user=user,
                start=s.start,
                end=s.end,
                quantity=quantity,
                series=series,
                member=member,
                note=note,
            )
            for s in slots
        ]
        audit_log(
            actor=actor,
            action="coworking.booking_create",
            target=bookings[0],
            data={"resource": resource.pk, "count": len(bookings), "user": user.pk},
        )
        email_queue(
            to=user.email,
            template="coworking/email/booking_confirmed",
            context={"bookings": bookings, "resource": resource, "user": user},
            language=getattr(user, "language", None),
            dedupe_key=f"coworking-booking-confirmed-{bookings[0].pk}",
            category="coworking",
        )
    return bookings


def booking_cancel(*, actor, booking: Booking, now: datetime | None = None) -> Booking:
    from guild.core.permissions import is_space_manager

    now = now or timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update().select_related("resource__space").get(pk=booking.pk)
        )
        manager = is_space_manager(actor)
        if booking.user_id != actor.pk and not manager:
            raise BookingError(_("You can only cancel your own bookings."))
        if booking.status not in HOLDING:
            raise BookingError(_("This booking is no longer active."))
        deadline = booking.start - timedelta(hours=booking.resource.space.cancel_deadline_hours)
        if now > deadline and not manager:
            raise BookingError(
                _("Cancellation closed %(h)d hours before the start; contact the space manager.")
                % {"h": booking.resource.space.cancel_deadline_hours}
            )
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        fields = ["status", "cancelled_at"]
        if now <= deadline:
            # Cancelled in time: the credits come back and nothing is invoiced. A late
            # cancellation (only the space manager can make it) keeps both.
            booking.subscription = None
            booking.credit_minutes = 0
            booking.overage = Decimal(0)
            fields += ["subscription", "credit_minutes", "overage"]
        booking.save(update_fields=fields)
        audit_log(actor=actor, action="coworking.booking_cancel", target=booking)
    return booking


def booking_check_in(*, actor, booking: Booking, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.user_id != actor.pk:
            raise BookingError(_("You can only check in for your own bookings."))
        if booking.status != BookingStatus.CONFIRMED:
            raise BookingError(_("This booking cannot be checked in."))
        if not (booking.start - timedelta(minutes=30) <= now <= booking.end):
            raise BookingError(_("Check-in opens 30 minutes before the start of the booking."))
        booking.status = BookingStatus.CHECKED_IN
        booking.checked_in_at = now
        booking.save(update_fields=["status", "checked_in_at"])
    return booking


def bookings_release_no_shows(*, now: datetime | None = None) -> int:
    """Release confirmed bookings nobody checked in for after the space's delay."""
    now = now or timezone.now()
    released = 0
    candidates = Booking.objects.filter(
        status=BookingStatus.CONFIRMED, start__lt=now, end__gt=now - timedelta(days=1)
    ).select_related("resource__space")
    for booking in candidates:
        delay = timedelta(minutes=booking.resource.space.no_show_release_minutes)
        if booking.start + delay <= now:
            with transaction.atomic():
                updated = Booking.objects.filter(
                    pk=booking.pk, status=BookingStatus.CONFIRMED
                ).update(status=BookingStatus.RELEASED)
                if updated:
                    audit_log(actor=None, action="coworking.booking_release", target=booking)
                    released += updated
    return released


def bookings_send_reminders(*, now: datetime | None = None, hours: int = 24) -> int:
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
        start__gt=now,
        start__lte=now + timedelta(hours=hours),
    ).select_related("resource__space", "user")
    sent = 0
    for booking in due:
        with transaction.atomic():
            email_queue(
                to=booking.user.email,
                template="coworking/email/booking_reminder",
                context={"booking": booking, "user": booking.user},
                language=getattr(booking.user, "language", None),
                dedupe_key=f"coworking-booking-reminder-{booking.pk}",
                category="coworking",
            )
            Booking.objects.filter(pk=booking.pk).update(reminder_sent_at=now)
            sent += 1
    return sent


def settings_for(user) -> SpaceSettings:
    prefs, _created = SpaceSettings.objects.get_or_create(user=user)
    return prefs


def presence_set(*, actor, visible: bool) -> SpaceSettings:
    with transaction.atomic():
        prefs = settings_for(actor)
        prefs.show_presence = visible
        prefs.save(update_fields=["show_presence"])
    return prefs


def subscription_request(*, actor, plan: Plan) -> Subscription:
    """A member asks for a plan; it waits for payment (see payments.py) before activation."""
    with transaction.atomic():
        if not plan.active:
            raise BookingError(_("This plan is no longer on sale."))
        if plan.members_only and not is_member(actor):
            raise BookingError(_("This plan is reserved to members of the association."))
        if Subscription.objects.filter(
            user=actor, plan=plan, status=Subscription.Status.AWAITING_PAYMENT
        ).exists():
            raise BookingError(_("You already asked for this plan; it awaits payment."))
        subscription = Subscription.objects.create(plan=plan, user=actor)
        from guild.coworking import payments

        payments.subscription_invoice(subscription)
        audit_log(actor=actor, action="coworking.subscription_request", target=subscription)
    return subscription


def subscription_activate(*, actor, subscription: Subscription, today=None) -> Subscription:
    """Payment received: the space manager (or the billing hook) activates the plan."""
    today = today or timezone.localdate()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().select_related("plan").get(pk=subscription.pk)
        )
        if subscription.status != Subscription.Status.AWAITING_PAYMENT:
            raise BookingError(_("Only a subscription awaiting payment can be activated."))
        subscription.status = Subscription.Status.ACTIVE
        subscription.starts_on = today
        subscription.ends_on = today + timedelta(days=subscription.plan.validity_days - 1)
        subscription.activated_by = actor if getattr(actor, "is_authenticated", False) else None
        subscription.save()
        audit_log(actor=actor, action="coworking.subscription_activate", target=subscription)
    return subscription

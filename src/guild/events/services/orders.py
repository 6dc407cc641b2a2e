"""Orders and registrations: placing (one person or a group), quotas under row locks,
vouchers, member prices, cancellation, change of attendee, badge re-issue, payment."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core import sql
from guild.core.audit import audit_log
from guild.events.models import (
    Event,
    EventStatus,
    Order,
    OrderStatus,
    Quota,
    Registration,
    TicketType,
    Voucher,
    WaitingListEntry,
)
from guild.events.models.registration import ORDER_TRANSITIONS, new_badge_key

MAX_ATTENDEES = 20


class EventsError(ValidationError):
    """A refusal with a clear, translated message and a stable code (used by the API)."""


@dataclass
class Attendee:
    ticket_type_id: int
    first_name: str
    last_name: str
    email: str
    company: str = ""
    job_title: str = ""
    answers: dict = field(default_factory=dict)
    share_with_exhibitors: bool = False


def _member_context(user) -> tuple[bool, int | None]:
    """(member price applies, organisation id) for a logged-in buyer."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False, None
    from guild.members.selectors import active_membership_organisation

    person = getattr(user, "person", None)
    found = active_membership_organisation(person.pk) if person is not None else None
    return found if found is not None else (False, None)


TYPE_COLUMNS = sql.columns(TicketType, None)


@lru_cache(maxsize=4)
def _types_sql(vendor: str) -> str:
    """An event's ticket types, each once per quota it draws from (``LEFT JOIN`` on the
    many-to-many table)."""
    through = TicketType.quotas.through
    selected = ", ".join(sql.select_list("t", TicketType, TYPE_COLUMNS))
    return (
        f"SELECT {selected}, {sql.column('q', through, 'quota_id')} "  # noqa: S608 - names from the models, values bound
        f"FROM {sql.table(TicketType)} t LEFT JOIN {sql.table(through)} q "
        f"ON {sql.column('q', through, 'tickettype_id')} = {sql.column('t', TicketType, 'id')} "
        f"WHERE {sql.column('t', TicketType, 'event_id')} = %s"
    )


@lru_cache(maxsize=4)
def _take_sql(vendor: str) -> str:
    """Take places in a quota only if they are left (the database decides: no oversell)."""
    used, size, pk = (
        connection.ops.quote_name(Quota._meta.get_field(name).column)
        for name in ("used", "size", "id")
    )
    return (
        f"UPDATE {sql.table(Quota)} SET {used} = {used} + %s "  # noqa: S608 - names from the model, values bound
        f"WHERE {pk} = %s AND {used} <= {size} - %s RETURNING {pk}"
    )


def voucher_lookup(event: Event, code: str, *, lock: bool = False) -> Voucher:
    code = (code or "").strip().upper()
    queryset = Voucher.objects.filter(event=event, code=code)
    if lock:
        queryset = queryset.select_for_update()
    voucher = queryset.first()
    if voucher is None:
        raise EventsError(
            _("This voucher code is not valid for this event."), code="voucher_invalid"
        )
    if voucher.valid_until and voucher.valid_until < timezone.now():
        raise EventsError(_("This voucher code has expired."), code="voucher_expired")
    if voucher.used >= voucher.max_uses:
        raise EventsError(_("This voucher code has already been used."), code="voucher_used")
    return voucher


def _lock_and_take(needs: Counter, held: Counter | None = None) -> None:
    """Take places in the quotas: one conditional ``UPDATE … SET used = used + n WHERE
    used + n <= size`` a quota, in primary-key order (rows locked in a fixed order: no
    deadlock). A quota that cannot give the places matches no row: sold out, and the caller's
    transaction rolls back the quotas already taken."""
    held = held or Counter()
    for quota_id in sorted(needs):
        wanted = needs[quota_id] - held.get(quota_id, 0)
        if wanted <= 0:
            continue
        taken = sql.run(_take_sql(connection.vendor), [wanted, quota_id, wanted])
        if not taken:
            quota = Quota.objects.get(pk=quota_id)
            raise EventsError(
                _("Sold out: not enough places left for this ticket type (%(left)s left).")
                % {"left": quota.available},
                code="sold_out",
            )


def _release(needs: Counter) -> None:
    for quota_id in sorted(needs):
        Quota.objects.filter(pk=quota_id).update(used=F("used") - needs[quota_id])


def order_place(
    *,
    actor,
    event: Event,
    attendees: list[Attendee],
    buyer_name: str,
    buyer_email: str,
    voucher_code: str = "",
    source: str = "web",
    waiting_entry: WaitingListEntry | None = None,
    language: str = "fr",
    notify: bool = True,
) -> Order:
    """Register one person or a group. Free orders are confirmed at once; paid ones wait for
    payment (an invoice is issued through billing when it is installed)."""
    staff_source = source == "desk"
    if not attendees:
        raise EventsError(_("Add at least one attendee."), code="empty")
    if len(attendees) > MAX_ATTENDEES:
        raise EventsError(
            _("At most %(n)s attendees per order.") % {"n": MAX_ATTENDEES}, code="too_many"
        )
    allowed_status = {EventStatus.OPEN} | (
        {EventStatus.CLOSED, EventStatus.PUBLISHED} if staff_source else set()
    )
    if event.status not in allowed_status:
        raise EventsError(_("Registration is not open for this event."), code="not_open")
    # One query: each ticket type once per quota it draws from (LEFT JOIN on the M2M table).
    types: dict[int, TicketType] = {}
    quota_ids: dict[int, list[int]] = {}
    for row in sql.run(_types_sql(connection.vendor), [event.pk]):
        type_id, quota_id = row[0], row[-1]
        if type_id not in types:
            types[type_id] = sql.instance(TicketType, TYPE_COLUMNS, row[:-1])
            quota_ids[type_id] = []
        if quota_id is not None:
            quota_ids[type_id].append(quota_id)
    counts = Counter(a.ticket_type_id for a in attendees)
    now = timezone.now()
    for type_id, count in counts.items():
        ticket_type = types.get(type_id)
        if ticket_type is None:
            raise EventsError(
                _("This ticket type does not belong to this event."), code="bad_ticket_type"
            )
        if not staff_source and not ticket_type.on_sale(now):
            raise EventsError(
                _("%(name)s is not on sale at the moment.") % {"name": ticket_type.name},
                code="not_on_sale",
            )
        if count > ticket_type.max_per_order:
            raise EventsError(
                _("At most %(n)s %(name)s tickets per order.")
                % {"n": ticket_type.max_per_order, "name": ticket_type.name},
                code="order_limit",
            )
    for attendee in attendees:
        if not attendee.first_name.strip() or not attendee.last_name.strip():
            raise EventsError(
                _("Every attendee needs a first and a last name."), code="name_missing"
            )
    member, organisation_id = _member_context(actor)
    with transaction.atomic():
        voucher = voucher_lookup(event, voucher_code, lock=True) if voucher_code else None
        voucher_types = set(voucher.ticket_types.values_list("pk", flat=True)) if voucher else set()
        covered = 0
        for type_id in counts:
            ticket_type = types[type_id]
            covers = voucher is not None and (not voucher_types or type_id in voucher_types)
            if covers:
                covered += counts[type_id]
            elif not ticket_type.is_public and not staff_source:
                raise EventsError(
                    _("%(name)s tickets need a voucher code.") % {"name": ticket_type.name},
                    code="voucher_required",
                )
        if voucher is not None:
            if covered == 0:
                raise EventsError(
                    _("This voucher code does not apply to these tickets."),
                    code="voucher_not_applicable",
                )
            if voucher.used + covered > voucher.max_uses:
                raise EventsError(
                    _("This voucher code has only %(n)s use(s) left.")
                    % {"n": voucher.max_uses - voucher.used},
                    code="voucher_used",
                )
            Voucher.objects.filter(pk=voucher.pk).update(used=F("used") + covered)
        needs: Counter = Counter()
        for type_id, count in counts.items():
            for quota_id in quota_ids[type_id]:
                needs[quota_id] += count
        held: Counter = Counter()
        if waiting_entry is not None:
            held = Counter(dict.fromkeys(quota_ids[waiting_entry.ticket_type_id], 1))
        prices = []
        for attendee in attendees:
            ticket_type = types[attendee.ticket_type_id]
            price = ticket_type.price_for(member=member)
            if voucher is not None and (
                not voucher_types or attendee.ticket_type_id in voucher_types
            ):
                price = voucher.apply(price)
            prices.append(price)
        total = sum(prices, Decimal("0.00"))
        status = OrderStatus.CONFIRMED if total == 0 else OrderStatus.PENDING_PAYMENT
        order = Order(
            event=event,
            status=status,
            buyer_name=buyer_name.strip()[:200],
            buyer_email=buyer_email.strip().lower(),
            voucher=voucher,
            user=actor if getattr(actor, "is_authenticated", False) and not staff_source else None,
            organisation_id=organisation_id,
            member_price=member,
            total=total,
            language=language,
            source=source,
            paid_at=None,
        )
        sql.insert([order])
        consent_text = str(event.exhibitor_consent_text)
        order.created_registrations = registrations = [
            Registration(
                event=event,
                order=order,
                ticket_type_id=a.ticket_type_id,
                status=status,
                first_name=a.first_name.strip()[:150],
                last_name=a.last_name.strip()[:150],
                email=(a.email or buyer_email).strip().lower(),
                company=a.company.strip()[:200],
                job_title=a.job_title.strip()[:150],
                answers=a.answers or {},
                price=price,
                share_with_exhibitors=a.share_with_exhibitors,
                share_consent_text=consent_text if a.share_with_exhibitors else "",
                share_consent_at=now if a.share_with_exhibitors else None,
            )
            for a, price in zip(attendees, prices, strict=True)
        ]
        sql.insert(registrations)
        if waiting_entry is not None:
            WaitingListEntry.objects.filter(pk=waiting_entry.pk).update(
                status=WaitingListEntry.Status.CONVERTED
            )
        if status == OrderStatus.CONFIRMED and notify:
            _after_commit_confirm(order.pk)
        # The places are taken last: every order of a burst updates the same quota row, which
        # stays locked from this statement to the commit, so nothing else runs in between.
        # Sold out rolls back everything written above.
        if needs:
            _lock_and_take(needs, held)
        if status == OrderStatus.PENDING_PAYMENT:
            from guild.events import payments

            payments.payment_request(order)
    return order


def _after_commit_confirm(order_id: int, registration_ids: list[int] | None = None) -> None:
    """Send the confirmation (e-mail, badges, .ics) from the task queue once the order is
    committed. With the database queue the task row is written in the order's own transaction
    (a transactional outbox: it commits or rolls back with the order, one commit instead of
    two); any other backend is called after the commit."""
    from django_tasks_db import DatabaseBackend

    from guild.events.tasks import order_confirmation_send

    if isinstance(order_confirmation_send.get_backend(), DatabaseBackend):
        order_confirmation_send.enqueue(order_id, registration_ids or [])
        return
    transaction.on_commit(lambda: order_confirmation_send.enqueue(order_id, registration_ids or []))


def _transition_order(order: Order, to: str) -> None:
    if to not in ORDER_TRANSITIONS[order.status]:
        raise EventsError(
            _("This order cannot go from %(a)s to %(b)s.")
            % {"a": order.get_status_display(), "b": OrderStatus(to).label},
            code="bad_transition",
        )
    order.status = to


def order_mark_paid(*, actor, order: Order, reference: str = "") -> Order:
    """Confirm a paid order (staff marking it paid, or billing's paid handler)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status == OrderStatus.CONFIRMED and order.paid_at:
            return order
        _transition_order(order, OrderStatus.CONFIRMED)
        order.paid_at = timezone.now()
        if reference:
            order.invoice_ref = reference[:40]
        order.save(update_fields=["status", "paid_at", "invoice_ref", "updated_at"])
        order.registrations.filter(status=OrderStatus.PENDING_PAYMENT).update(
            status=OrderStatus.CONFIRMED
        )
        audit_log(
            actor=actor,
            action="events.order_paid",
            target=order,
            data={"total": order.total, "reference": reference},
        )
        _after_commit_confirm(order.pk)
    return order


def _quota_needs(registrations) -> Counter:
    needs: Counter = Counter()
    for registration in registrations:
        for quota in registration.ticket_type.quotas.all():
            needs[quota.pk] += 1
    return needs


def registration_cancel(
    *, actor, registration: Registration, by_staff: bool = False
) -> Registration:
    """Cancel one attendee: the badge is revoked and the place goes back to the quota (and to
    the waiting list, which is offered the place)."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("order").get(pk=registration.pk)
        )
        if registration.status == OrderStatus.CANCELLED:
            raise EventsError(_("This registration is already cancelled."), code="cancelled")
        now = timezone.now()
        registration.status = OrderStatus.CANCELLED
        registration.cancelled_at = now
        registration.badge_key = new_badge_key()
        registration.save(update_fields=["status", "cancelled_at", "badge_key", "updated_at"])
        fresh = Registration.objects.prefetch_related("ticket_type__quotas").get(pk=registration.pk)
        _release(_quota_needs([fresh]))
        order = Order.objects.select_for_update().get(pk=registration.order_id)
        if not order.registrations.exclude(status=OrderStatus.CANCELLED).exists():
            _transition_order(order, OrderStatus.CANCELLED)
            order.cancelled_at = now
            order.save(update_fields=["status", "cancelled_at", "updated_at"])
        if by_staff:
            audit_log(
                actor=actor,
                action="events.registration_cancelled",
                target=registration,
                data={"order": order.code},
            )
        ticket_type_id = registration.ticket_type_id

        def offer():
            from guild.events.services.waitlist import waitlist_offer

            waitlist_offer(ticket_type_id=ticket_type_id)

        transaction.on_commit(offer)
    return registration


def order_cancel(*, actor, order: Order, by_staff: bool = False) -> Order:
    for registration in order.registrations.exclude(status=OrderStatus.CANCELLED):
        registration_cancel(actor=actor, registration=registration, by_staff=by_staff)
    order.refresh_from_db()
    return order


def registration_change_attendee(
    *,
    actor,
    registration: Registration,
    first_name: str,
    last_name: str,
    email: str,
    company: str = "",
    job_title: str = "",
) -> Registration:
    """Change of name or transfer to a colleague: a new badge is issued and sent, the old one
    stops working."""
    if not first_name.strip() or not last_name.strip() or "@" not in (email or ""):
        raise EventsError(
            _("Give the new attendee's first name, last name and e-mail."), code="name_missing"
        )
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == OrderStatus.CANCELLED:
            raise EventsError(_("This registration is cancelled."), code="cancelled")
        before = registration.full_name
        registration.first_name = first_name.strip()[:150]
        registration.last_name = last_name.strip()[:150]
        registration.email = email.strip().lower()
        registration.company = company.strip()[:200]
        registration.job_title = job_title.strip()[:150]
        registration.badge_key = new_badge_key()
        if registration.share_with_exhibitors:
            # consent was given by the previous attendee; the new one has not given it
            registration.share_with_exhibitors = False
            registration.share_consent_at = None
            registration.share_consent_text = ""
        registration.save()
        audit_log(
            actor=actor,
            action="events.attendee_changed",
            target=registration,
            data={"from": before, "to": registration.full_name},
        )
        if registration.status == OrderStatus.CONFIRMED:
            _after_commit_confirm(registration.order_id, [registration.pk])
    return registration


def registration_badge_reissue(*, actor, registration: Registration) -> Registration:
    """Revoke the current badge (lost, shared) and send a new one."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == OrderStatus.CANCELLED:
            raise EventsError(_("This registration is cancelled."), code="cancelled")
        registration.badge_key = new_badge_key()
        registration.save(update_fields=["badge_key", "updated_at"])
        audit_log(actor=actor, action="events.badge_reissued", target=registration, data={})
        if registration.status == OrderStatus.CONFIRMED:
            _after_commit_confirm(registration.order_id, [registration.pk])
    return registration

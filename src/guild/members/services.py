"""Writes on memberships. Every status change goes through :func:`membership_transition`."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.money import to_money
from guild.members.admission import admission_procedure
from guild.members.constants import TRANSITIONS, MembershipStatus
from guild.members.models import Membership, MembershipEvent, Seat

S = MembershipStatus


def membership_transition(
    *, actor, membership: Membership, to_status: str, reason: str = "", at=None
) -> Membership:
    """Move a membership to ``to_status`` if the transition is allowed; log it."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        from_status = locked.status
        if to_status not in TRANSITIONS.get(from_status, set()):
            raise ValidationError(
                _("A membership cannot go from “%(from)s” to “%(to)s”.")
                % {"from": S(from_status).label, "to": S(to_status).label}
            )
        if to_status in {S.REFUSED, S.EXCLUDED} and not reason.strip():
            raise ValidationError(_("A reason is required."))
        now = at or timezone.now()
        locked.status = to_status
        update = ["status", "updated_at"]
        if to_status == S.ADMITTED:
            locked.admitted_at = now
            update.append("admitted_at")
        if to_status in {S.REFUSED, S.RESIGNED, S.EXCLUDED}:
            locked.ended_at = now
            locked.end_reason = reason
            update += ["ended_at", "end_reason"]
        locked.save(update_fields=update)
        MembershipEvent.objects.create(
            membership=locked,
            from_status=from_status,
            to_status=to_status,
            at=now,
            actor=actor if getattr(actor, "pk", None) else None,
            reason=reason,
        )
        audit_log(
            actor=actor,
            action=f"membership.{to_status}",
            target=locked,
            data={"from": from_status, "to": to_status, "reason": reason},
        )
        membership.status = locked.status
        membership.refresh_from_db()
        return membership


def membership_start_admission(*, actor, membership: Membership) -> None:
    """Hand a new application to the admission procedure, if one applies."""
    procedure = admission_procedure()
    if membership.category.admission_required and procedure is not None:
        procedure(actor=actor, membership=membership)


# --- dues, applications, invoices, renewals, lapse --------------------------------------------

DUES_SOURCE = "members.membership"


def dues_compute(category, *, headcount_band: str = "NN", amount=None) -> Decimal:
    """The net dues of ``category`` for a holder (headcount band; amount chosen if free)."""
    rule = category.dues_rule
    if rule == category.DuesRule.HEADCOUNT:
        table = category.dues_table or {}
        value = table.get(headcount_band, table.get("default", category.dues_amount))
        return to_money(value)
    if rule == category.DuesRule.FREE:
        if amount in (None, ""):
            return to_money(category.dues_amount)
        try:
            chosen = to_money(amount)
        except (InvalidOperation, TypeError, ValueError):
            raise ValidationError(_("The amount is not a number.")) from None
        if chosen < category.dues_amount:
            raise ValidationError(
                _("The minimum amount for this category is %(min)s €.")
                % {"min": category.dues_amount}
            )
        return chosen
    return to_money(category.dues_amount)


def membership_apply(
    *,
    actor,
    category,
    organisation=None,
    person=None,
    contact=None,
    dues_amount=None,
    application_data: dict | None = None,
) -> Membership:
    """Record an application (online form, staff or import) and start its admission."""
    if (organisation is None) == (person is None):
        raise ValidationError(_("A membership is held by an organisation or by a person."))
    if organisation is not None and category.holder != category.Holder.ORGANISATION:
        raise ValidationError(_("This category is for individuals."))
    if person is not None and category.holder != category.Holder.PERSON:
        raise ValidationError(_("This category is for organisations."))
    holder = Q(organisation=organisation) if organisation else Q(person=person)
    existing = (
        Membership.objects.filter(holder)
        .exclude(status__in=[S.REFUSED, S.RESIGNED, S.EXCLUDED, S.LAPSED])
        .first()
    )
    if existing is not None:
        raise ValidationError(
            _("%(holder)s already has a membership (%(status)s).")
            % {"holder": existing.holder_name, "status": S(existing.status).label}
        )
    band = organisation.headcount_band if organisation else "NN"
    amount = dues_compute(category, headcount_band=band, amount=dues_amount)
    with transaction.atomic():
        membership = Membership.objects.create(
            category=category,
            organisation=organisation,
            person=person,
            contact=contact or person,
            dues_amount=amount,
            application_data=application_data or {},
        )
        MembershipEvent.objects.create(
            membership=membership, to_status=S.APPLIED, actor=_user(actor)
        )
        if organisation is not None and contact is not None:
            Seat.objects.create(membership=membership, person=contact, role=Seat.Role.MANAGER)
        audit_log(
            actor=actor,
            action="membership.applied",
            target=membership,
            data={"category": category.code, "dues": amount},
        )
        membership_start_admission(actor=actor, membership=membership)
    return membership


def membership_approve(*, actor, membership: Membership, reason: str = "") -> Membership:
    """Admit an application (staff, when no admission procedure applies) and invoice the dues."""
    with transaction.atomic():
        membership_transition(
            actor=actor, membership=membership, to_status=S.ADMITTED, reason=reason
        )
        membership_invoice_dues(actor=actor, membership=membership)
    membership.refresh_from_db()
    return membership


def _customer(membership: Membership) -> dict:
    org, person = membership.organisation, membership.person
    contact = membership.contact
    if org is not None:
        email = org.email or (contact.email if contact else "")
        address = "\n".join(
            filter(None, [org.address_line, f"{org.postal_code} {org.city}".strip()])
        )
        return {
            "customer_name": org.legal_name,
            "customer_email": email,
            "customer_address": address,
            "customer_siren": org.siren or "",
            "customer_vat": org.vat_number,
            "organisation": org,
        }
    address = f"{person.postal_code} {person.city}".strip()
    return {
        "customer_name": person.full_name,
        "customer_email": person.email,
        "customer_address": address,
        "customer_siren": person.siret,
        "person": person,
    }


def membership_invoice_dues(
    *, actor, membership: Membership, year: int | None = None, issued_on: date | None = None
):
    """Invoice the dues of ``membership`` for ``year``; returns the existing one if any."""
    from guild.billing.models import Invoice, RevenueSource
    from guild.billing.services import invoice_issue

    issued_on = issued_on or timezone.localdate()
    year = year or issued_on.year
    existing = (
        Invoice.objects.filter(source_type=DUES_SOURCE, source_id=f"{membership.pk}:{year}")
        .exclude(status=Invoice.Status.CREDITED)
        .first()
    )
    if existing is not None:
        return existing
    category = membership.category
    amount = (
        membership.dues_amount
        if membership.dues_amount is not None
        else dues_compute(
            category, headcount_band=getattr(membership.organisation, "headcount_band", "NN")
        )
    )
    with transaction.atomic():
        invoice = invoice_issue(
            actor=actor,
            **_customer(membership),
            revenue_source=RevenueSource.DUES,
            lines=[
                {
                    "label": _("Membership dues %(year)s – %(category)s")
                    % {"year": year, "category": category.name},
                    "quantity": 1,
                    "unit_price": amount,
                    "vat_rate": category.vat_rate,
                }
            ],
            source_type=DUES_SOURCE,
            source_id=f"{membership.pk}:{year}",
            issued_on=issued_on,
        )
        if membership.status in {S.ADMITTED, S.LAPSED}:
            membership_transition(actor=actor, membership=membership, to_status=S.AWAITING_PAYMENT)
    return invoice


def _period(category, year: int, paid_on: date, current_end: date | None):
    if category.period == category.Period.CALENDAR:
        return date(year, 1, 1), date(year, 12, 31)
    start = current_end + timedelta(days=1) if current_end and current_end >= paid_on else paid_on
    try:
        end = start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + 1, day=28)
    return start, end


def membership_dues_paid(invoice) -> None:
    """Paid handler: the dues invoice is settled, so the membership is active for its period."""
    membership_id, _sep, year = invoice.source_id.partition(":")
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("category")
            .get(pk=int(membership_id))
        )
        paid_on = timezone.localdate(invoice.paid_at) if invoice.paid_at else timezone.localdate()
        start, end = _period(
            membership.category, int(year or invoice.year), paid_on, membership.period_end
        )
        if membership.period_end and membership.period_end >= end:
            return  # already applied (handlers may run twice)
        if membership.status in {S.AWAITING_PAYMENT, S.ADMITTED, S.LAPSED}:
            membership_transition(
                actor=None,
                membership=membership,
                to_status=S.ACTIVE,
                reason=_("Dues paid (invoice %(number)s).") % {"number": invoice.number},
            )
        elif membership.status != S.ACTIVE:
            return
        Membership.objects.filter(pk=membership.pk).update(period_start=start, period_end=end)


def memberships_lapse_overdue(*, today: date | None = None) -> int:
    """Periodic job: memberships whose period ended more than the grace period ago lapse."""
    today = today or timezone.localdate()
    count = 0
    candidates = Membership.objects.filter(
        status__in=[S.ACTIVE, S.AWAITING_PAYMENT],
        period_end__isnull=False,
        period_end__lt=today,
    ).select_related("category")
    for membership in candidates:
        if membership.period_end + timedelta(days=membership.category.grace_days) < today:
            membership_transition(
                actor=None,
                membership=membership,
                to_status=S.LAPSED,
                reason=_("Dues not renewed within the grace period."),
            )
            count += 1
    return count


def seat_add(*, actor, membership: Membership, person, role: str = "member"):
    """Attach a person to an organisation's membership, within the seats it includes."""
    if membership.organisation_id is None:
        raise ValidationError(_("Only an organisation's membership has seats."))
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        used = Seat.objects.filter(membership=locked, removed_at__isnull=True)
        if used.filter(person=person).exists():
            raise ValidationError(_("This person already holds a seat."))
        if used.count() >= seats_allowed(locked):
            raise ValidationError(_("All the seats of this membership are taken."))
        seat = Seat.objects.create(membership=locked, person=person, role=role)
        audit_log(
            actor=actor,
            action="membership.seat_added",
            target=locked,
            data={"person": person.pk, "role": role},
        )
    return seat


def seat_remove(*, actor, seat) -> None:
    with transaction.atomic():
        if (
            seat.role == Seat.Role.MANAGER
            and not Seat.objects.filter(
                membership=seat.membership, role=Seat.Role.MANAGER, removed_at__isnull=True
            )
            .exclude(pk=seat.pk)
            .exists()
        ):
            raise ValidationError(_("The membership must keep at least one manager."))
        Seat.objects.filter(pk=seat.pk).update(removed_at=timezone.now())
        audit_log(
            actor=actor,
            action="membership.seat_removed",
            target=seat.membership,
            data={"person": seat.person_id},
        )


def seats_allowed(membership: Membership) -> int:
    category = membership.category
    allowed = category.seats_fixed
    if category.seats_per_employees and membership.organisation_id:
        from guild.members.constants import HEADCOUNT_MIDPOINTS

        employees = HEADCOUNT_MIDPOINTS.get(membership.organisation.headcount_band, 0)
        allowed += int(employees // category.seats_per_employees)
    return max(allowed, 1)


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# --- staff ---
# Category configuration, the reminder schedule and the dues-call launch (staff screens, API).

CATEGORY_FIELDS = (
    "code",
    "name",
    "description",
    "holder",
    "college",
    "voting",
    "seats_fixed",
    "seats_per_employees",
    "dues_rule",
    "dues_amount",
    "dues_table",
    "vat_rate",
    "period",
    "grace_days",
    "admission_required",
    "open_for_applications",
    "position",
    "is_active",
)


def category_save(*, actor, category=None, data: dict):
    """Create (``category=None``) or update a membership category; logs the change."""
    from guild.members.models import MembershipCategory

    creating = category is None
    category = category or MembershipCategory()
    before = {} if creating else {f: _plain(getattr(category, f)) for f in CATEGORY_FIELDS}
    for field in CATEGORY_FIELDS:
        if field in data:
            setattr(category, field, data[field])
    if category.holder == MembershipCategory.Holder.PERSON and category.seats_per_employees:
        raise ValidationError(_("Extra seats by headcount only apply to organisations."))
    category.full_clean()
    with transaction.atomic():
        category.save()
        after = {f: _plain(getattr(category, f)) for f in CATEGORY_FIELDS}
        changes = {k: v for k, v in after.items() if before.get(k) != v} if before else after
        audit_log(
            actor=actor,
            action="membership.category_created" if creating else "membership.category_changed",
            target=category,
            data=changes,
        )
    return category


def category_delete(*, actor, category) -> None:
    """Delete a category that was never used; a category in use can only be deactivated."""
    with transaction.atomic():
        if category.memberships.exists():
            raise ValidationError(
                _("This category has memberships, so it cannot be deleted: deactivate it instead.")
            )
        audit_log(
            actor=actor,
            action="membership.category_deleted",
            target=category,
            data={"code": category.code},
        )
        category.delete()


def category_set_active(*, actor, category, active: bool):
    """Deactivate (no longer offered, kept for history) or reactivate a category."""
    data = {"is_active": active}
    if not active:
        data["open_for_applications"] = False
    return category_save(actor=actor, category=category, data=data)


def reminder_step_add(*, actor, offset_days: int):
    from guild.members.models import DuesReminderStep

    if not -365 <= offset_days <= 365:
        raise ValidationError(_("A reminder must fall within a year of the due date."))
    with transaction.atomic():
        step, created = DuesReminderStep.objects.get_or_create(
            offset_days=offset_days, defaults={"active": True}
        )
        if not created:
            if step.active:
                raise ValidationError(_("This reminder is already in the schedule."))
            step.active = True
            step.save(update_fields=["active"])
        audit_log(
            actor=actor,
            action="membership.reminder_step_added",
            target=None,
            target_type="members.duesreminderstep",
            target_id=str(step.pk),
            data={"offset_days": offset_days},
        )
    return step


def reminder_step_remove(*, actor, step) -> None:
    """Take a step out of the schedule (kept inactive: reminders already sent keep their key)."""
    with transaction.atomic():
        type(step).objects.filter(pk=step.pk).update(active=False)
        audit_log(
            actor=actor,
            action="membership.reminder_step_removed",
            target=None,
            target_type="members.duesreminderstep",
            target_id=str(step.pk),
            data={"offset_days": step.offset_days},
        )


def dues_call_launch(*, actor, year: int):
    """Record a dues-call run and start it in the background once the transaction commits."""
    from guild.members.models import DuesCallRun
    from guild.members.tasks import dues_call_task

    today = timezone.localdate()
    if not today.year - 1 <= year <= today.year + 1:
        raise ValidationError(
            _("The dues call can only be run for %(a)s, %(b)s or %(c)s.")
            % {"a": today.year - 1, "b": today.year, "c": today.year + 1}
        )
    with transaction.atomic():
        running = DuesCallRun.objects.filter(
            year=year,
            status__in=[DuesCallRun.Status.QUEUED, DuesCallRun.Status.RUNNING],
            created_at__gte=timezone.now() - timedelta(hours=2),  # older: the worker died
        ).first()
        if running is not None:
            return running
        run = DuesCallRun.objects.create(year=year, actor=_user(actor))
        transaction.on_commit(
            lambda: dues_call_task.enqueue(
                actor_id=getattr(actor, "pk", None), year=year, run_id=run.pk
            )
        )
    return run


def _plain(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    return value

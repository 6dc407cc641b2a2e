"""Events and editions: creation, status transitions, "new edition from the last one",
vouchers and members'/exhibitors' invitation codes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.events.models import (
    CheckinList,
    Event,
    EventStatus,
    Exhibitor,
    Quota,
    RewardTier,
    Series,
    TicketType,
    Voucher,
)
from guild.events.models.event import EVENT_TRANSITIONS
from guild.events.models.registration import new_code
from guild.events.services.orders import EventsError


def event_create(
    *,
    actor,
    name: str,
    starts_at,
    ends_at,
    kind: str = "meetup",
    series: Series | None = None,
    capacity: int | None = None,
    slug: str = "",
    **fields,
) -> Event:
    if ends_at < starts_at:
        raise EventsError(_("The event cannot end before it starts."), code="dates")
    with transaction.atomic():
        event = Event.objects.create(
            name=name,
            slug=slug or _unique_slug(name),
            kind=kind,
            series=series,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            edition_year=fields.pop("edition_year", starts_at.year if series else None),
            **fields,
        )
        if capacity:
            Quota.objects.create(event=event, name=_("Total capacity"), size=capacity)
        CheckinList.objects.create(event=event, name=_("Main entrance"))
        audit_log(actor=actor, action="events.event_created", target=event, data={"name": name})
    return event


def _unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "event"
    slug, n = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def event_transition(*, actor, event: Event, to: str) -> Event:
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if to not in EVENT_TRANSITIONS[event.status]:
            raise EventsError(
                _("An event cannot go from “%(a)s” to “%(b)s”.")
                % {"a": event.get_status_display(), "b": EventStatus(to).label},
                code="bad_transition",
            )
        before = event.status
        event.status = to
        event.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor, action="events.event_status", target=event, data={"from": before, "to": to}
        )
    return event


def _shift_year(value: datetime | None):
    """The same date one year later (29 February becomes 28 February)."""
    if value is None:
        return None
    try:
        return value.replace(year=value.year + 1)
    except ValueError:
        return (value - timedelta(days=1)).replace(year=value.year + 1)


def _shift_date_str(text: str) -> str:
    from datetime import date

    return _shift_year(date.fromisoformat(text)).isoformat()


def event_clone_edition(*, actor, source: Event) -> Event:
    """A new edition from ``source``: ticket types, quotas, questions, check-in lists, texts
    and badge settings are copied and every date moves one year later. Registrations,
    vouchers and scans are not copied. The new edition starts as a draft."""
    with transaction.atomic():
        year = (source.edition_year or source.starts_at.year) + 1
        name = source.name.replace(str(year - 1), str(year))
        if name == source.name:
            name = f"{source.name} {year}"
        slug = source.slug.replace(str(year - 1), str(year))
        if slug == source.slug or Event.objects.filter(slug=slug).exists():
            slug = _unique_slug(name)
        copied = {
            f.name: getattr(source, f.name)
            for f in Event._meta.concrete_fields
            if f.name
            not in {
                "id",
                "created_at",
                "updated_at",
                "status",
                "slug",
                "name",
                "starts_at",
                "ends_at",
                "edition_year",
                "cloned_from",
            }
        }
        copied.pop("series", None)
        try:
            event = Event.objects.create(
                **copied,
                series=source.series,
                name=name,
                slug=slug,
                edition_year=year,
                starts_at=_shift_year(source.starts_at),
                ends_at=_shift_year(source.ends_at),
                status=EventStatus.DRAFT,
                cloned_from=source,
            )
        except IntegrityError as exc:  # pragma: no cover - slug race
            raise EventsError(
                _("Could not create the edition, try again."), code="conflict"
            ) from exc
        quota_map = {}
        for quota in source.quotas.all():
            quota_map[quota.pk] = Quota.objects.create(
                event=event, name=quota.name, size=quota.size
            )
        type_map = {}
        for ticket_type in source.ticket_types.prefetch_related("quotas"):
            old_quotas = list(ticket_type.quotas.all())
            old_pk = ticket_type.pk
            ticket_type.pk = None
            ticket_type.id = None
            ticket_type.event = event
            ticket_type.sale_starts_at = _shift_year(ticket_type.sale_starts_at)
            ticket_type.sale_ends_at = _shift_year(ticket_type.sale_ends_at)
            ticket_type.valid_days = [_shift_date_str(d) for d in ticket_type.valid_days]
            ticket_type.save()
            ticket_type.quotas.set([quota_map[q.pk] for q in old_quotas])
            type_map[old_pk] = ticket_type
        for question in source.questions.all():
            question.pk = None
            question.id = None
            question.event = event
            question.save()
        for checkin_list in source.checkin_lists.prefetch_related("ticket_types"):
            old_types = list(checkin_list.ticket_types.all())
            checkin_list.pk = None
            checkin_list.id = None
            checkin_list.event = event
            checkin_list.day = _shift_year(checkin_list.day)
            checkin_list.save()
            checkin_list.ticket_types.set([type_map[t.pk] for t in old_types])
        for tier in source.reward_tiers.all():
            RewardTier.objects.create(event=event, threshold=tier.threshold, label=tier.label)
        audit_log(
            actor=actor,
            action="events.edition_cloned",
            target=event,
            data={"from": source.pk, "year": year},
        )
    return event


def voucher_create(
    *,
    actor,
    event: Event,
    kind: str = Voucher.Kind.FREE,
    value=0,
    max_uses: int = 1,
    code: str = "",
    ticket_types=(),
    label: str = "",
    organisation=None,
    person=None,
    exhibitor: Exhibitor | None = None,
    valid_until=None,
) -> Voucher:
    code = (code or new_code()).strip().upper()
    if not code.replace("-", "").isalnum():
        raise EventsError(_("A code may only hold letters, digits and dashes."), code="bad_code")
    if Voucher.objects.filter(event=event, code=code).exists():
        raise EventsError(_("This code already exists for this event."), code="duplicate")
    if kind == Voucher.Kind.PERCENT and not (0 < value <= 100):
        raise EventsError(_("A percentage must be between 1 and 100."), code="bad_value")
    with transaction.atomic():
        voucher = Voucher.objects.create(
            event=event,
            code=code,
            kind=kind,
            value=value,
            max_uses=max_uses,
            label=label,
            organisation=organisation,
            person=person,
            exhibitor=exhibitor,
            valid_until=valid_until,
        )
        if ticket_types:
            voucher.ticket_types.set(ticket_types)
        audit_log(
            actor=actor,
            action="events.voucher_created",
            target=voucher,
            data={"kind": kind, "value": value, "max_uses": max_uses},
        )
    return voucher


def invitation_codes_generate(
    *,
    actor,
    event: Event,
    ticket_type: TicketType,
    kind: str = Voucher.Kind.FREE,
    value=0,
    max_uses: int = 20,
) -> int:
    """Give every active member (organisation or person) and every exhibitor of the event a
    personal invitation code. Idempotent: owners who already hold a code are skipped."""
    from guild.members.selectors import active_memberships

    existing = Voucher.objects.filter(event=event)
    have_org = set(existing.exclude(organisation=None).values_list("organisation_id", flat=True))
    have_person = set(existing.exclude(person=None).values_list("person_id", flat=True))
    have_exh = set(existing.exclude(exhibitor=None).values_list("exhibitor_id", flat=True))
    owners: list[dict] = []
    for membership in active_memberships():
        if membership.organisation_id and membership.organisation_id not in have_org:
            have_org.add(membership.organisation_id)
            owners.append({"organisation": membership.organisation})
        elif membership.person_id and membership.person_id not in have_person:
            have_person.add(membership.person_id)
            owners.append({"person": membership.person})
    for exhibitor in event.exhibitors.all():
        if exhibitor.pk not in have_exh:
            owners.append({"exhibitor": exhibitor})
    with transaction.atomic():
        taken = set(existing.values_list("code", flat=True))
        for owner in owners:
            code = new_code()
            while code in taken:  # pragma: no cover - 32^8 codes
                code = new_code()
            taken.add(code)
            voucher = Voucher.objects.create(
                event=event,
                code=code,
                kind=kind,
                value=value,
                max_uses=max_uses,
                label=_("Invitation"),
                **owner,
            )
            voucher.ticket_types.set([ticket_type])
        audit_log(
            actor=actor,
            action="events.invitations_generated",
            target=event,
            data={"count": len(owners), "ticket_type": ticket_type.pk},
        )
    return len(owners)


def ticket_type_save(
    *, actor, event: Event, ticket_type: TicketType | None, data: dict, quotas=()
) -> TicketType:
    """Create or update a ticket type of ``event`` (with the quotas it draws from)."""
    if any(q.event_id != event.pk for q in quotas):
        raise EventsError(_("A quota of another event cannot be used."), code="bad_quota")
    starts, ends = data.get("sale_starts_at"), data.get("sale_ends_at")
    if starts and ends and ends < starts:
        raise EventsError(_("The sale cannot end before it starts."), code="dates")
    with transaction.atomic():
        ticket_type = ticket_type or TicketType(event=event)
        for name, value in data.items():
            setattr(ticket_type, name, value)
        ticket_type.save()
        ticket_type.quotas.set(quotas)
        audit_log(
            actor=actor,
            action="events.ticket_type_saved",
            target=ticket_type,
            data={"name": ticket_type.name, "price": ticket_type.price},
        )
    return ticket_type


def quota_create(*, actor, event: Event, name: str, size: int) -> Quota:
    if size < 1:
        raise EventsError(_("A quota needs at least one place."), code="bad_size")
    with transaction.atomic():
        quota = Quota.objects.create(event=event, name=name, size=size)
        audit_log(
            actor=actor,
            action="events.quota_created",
            target=quota,
            data={"name": name, "size": size},
        )
    return quota

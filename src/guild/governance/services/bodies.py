"""Bodies, mandates with staggered renewal classes, declarations and candidacy checks."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.outbox import email_queue
from guild.governance.models import Body, Declaration, ElectedOffice, Mandate

__all__ = [
    "candidacy_problems",
    "mandate_create",
    "mandate_end",
    "body_draw_classes",
    "declaration_submit",
    "declaration_reminders_send",
    "body_create",
]


def candidacy_problems(
    person, body: Body, role: str = "member", *, on: date | None = None, policy=None
) -> list[str]:
    """What bars ``person`` from a seat on ``body`` (French messages); empty if eligible."""
    from guild.governance.selectors import (
        board_seats_with_elected_office,
        current_policy,
        person_has_current_office,
    )

    on = on or timezone.localdate()
    policy = policy or current_policy(on)
    problems = []
    declared = Declaration.objects.filter(person=person, year__in=[on.year, on.year - 1])
    if body.kind in {Body.Kind.BOARD, Body.Kind.EXECUTIVE} and not declared.exists():
        problems.append(
            _("%(name)s has not filed a declaration of interests for %(y)s.")
            % {"name": person, "y": on.year}
        )
    has_office = person_has_current_office(person.pk, on)
    if (
        has_office
        and policy.elected_office_bars_executive
        and (
            body.kind == Body.Kind.EXECUTIVE
            or role
            in {
                Mandate.Role.PRESIDENT,
                Mandate.Role.VICE_PRESIDENT,
                Mandate.Role.TREASURER,
                Mandate.Role.SECRETARY,
            }
        )
    ):
        problems.append(
            _(
                "%(name)s holds an elected political office, which the bylaws "
                "declare incompatible with a seat on the executive board."
            )
            % {"name": person}
        )
    if has_office and body.kind == Body.Kind.BOARD:
        with_office, _total = board_seats_with_elected_office(on)
        if with_office >= policy.max_board_seats_with_elected_office:
            problems.append(
                _(
                    "The board already has %(n)s members holding an elected "
                    "office, the most the bylaws allow."
                )
                % {"n": with_office}
            )
    return problems


def body_create(
    *, actor, kind: str, name: str, slug: str, seats: int = 0, admission_body: bool = False
) -> Body:
    with transaction.atomic():
        body = Body.objects.create(
            kind=kind, name=name, slug=slug, seats=seats, admission_body=admission_body
        )
        audit_log(
            actor=actor,
            action="governance.body_created",
            target=body,
            data={"kind": kind, "seats": seats},
        )
        return body


def mandate_create(
    *,
    actor,
    body: Body,
    person,
    role: str = "member",
    starts_on: date,
    ends_on: date | None = None,
    renewal_class: int | None = None,
    elected_at=None,
    check: bool = True,
) -> Mandate:
    if ends_on and ends_on <= starts_on:
        raise ValidationError(_("A term must end after it starts."))
    if check:
        problems = candidacy_problems(person, body, role)
        if problems:
            raise ValidationError(problems)
    with transaction.atomic():
        if (
            body.seats
            and Mandate.objects.filter(body=body, ended_on__isnull=True).count() >= body.seats
        ):
            raise ValidationError(
                _("All %(n)s seats of %(body)s are filled.") % {"n": body.seats, "body": body}
            )
        if (
            role not in {Mandate.Role.MEMBER, Mandate.Role.CHAIR}
            and Mandate.objects.filter(body=body, role=role, ended_on__isnull=True).exists()
        ):
            raise ValidationError(
                _("Someone already holds this role in %(body)s.") % {"body": body}
            )
        try:
            with transaction.atomic():
                mandate = Mandate.objects.create(
                    body=body,
                    person=person,
                    role=role,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    renewal_class=renewal_class,
                    elected_at=elected_at,
                )
        except IntegrityError as exc:
            raise ValidationError(
                _("%(name)s already sits on %(body)s.") % {"name": person, "body": body}
            ) from exc
        audit_log(
            actor=actor,
            action="governance.mandate_started",
            target=mandate,
            data={
                "body": body.slug,
                "person": person.pk,
                "role": role,
                "starts_on": starts_on,
                "ends_on": ends_on,
            },
        )
        return mandate


def mandate_end(*, actor, mandate: Mandate, on: date, reason: str) -> Mandate:
    if not reason.strip():
        raise ValidationError(_("Say why the term ends."))
    if mandate.ended_on:
        raise ValidationError(_("This term has already ended."))
    with transaction.atomic():
        mandate.ended_on = on
        mandate.end_reason = reason.strip()
        mandate.save(update_fields=["ended_on", "end_reason"])
        audit_log(
            actor=actor,
            action="governance.mandate_ended",
            target=mandate,
            data={"on": on, "reason": reason},
        )
        return mandate


def body_draw_classes(*, actor, body: Body, classes: int = 3) -> dict[int, int]:
    """Draw by lot the renewal class of current members without one (first cohorts)."""
    with transaction.atomic():
        mandates = list(
            Mandate.objects.select_for_update()
            .filter(body=body, ended_on__isnull=True, renewal_class__isnull=True)
            .order_by("pk")
        )
        if not mandates:
            raise ValidationError(_("Every current member already has a renewal class."))
        rng = secrets.SystemRandom()
        rng.shuffle(mandates)
        drawn = {}
        for index, mandate in enumerate(mandates):
            mandate.renewal_class = index % classes + 1
            mandate.save(update_fields=["renewal_class"])
            drawn[mandate.pk] = mandate.renewal_class
        audit_log(
            actor=actor,
            action="governance.classes_drawn",
            target=body,
            data={"classes": classes, "draw": {str(k): v for k, v in drawn.items()}},
        )
        return drawn


def declaration_submit(*, actor, person, year: int, data: dict, offices: list[dict]) -> Declaration:
    allowed = {"employer", "holdings", "business_ties", "public_funding_ties", "no_elected_office"}
    if data.get("no_elected_office") and offices:
        raise ValidationError(_("You ticked “no elected office” but listed offices."))
    if not data.get("no_elected_office") and not offices:
        raise ValidationError(_("List your elected offices or tick “I hold no elected office”."))
    for office in offices:
        if office.get("ends_on") and office["ends_on"] < office["starts_on"]:
            raise ValidationError(_("An office must end after it starts."))
    with transaction.atomic():
        declaration, created = Declaration.objects.update_or_create(
            person=person,
            year=year,
            defaults={
                **{k: v for k, v in data.items() if k in allowed},
                "submitted_at": timezone.now(),
            },
        )
        declaration.offices.all().delete()
        for office in offices:
            ElectedOffice.objects.create(declaration=declaration, **office)
        audit_log(
            actor=actor,
            action="governance.declaration_submitted",
            target=declaration,
            data={"year": year, "offices": len(offices), "new": created},
        )
        return declaration


def declaration_reminders_send(*, actor=None, today: date | None = None) -> int:
    """Remind current mandate holders who have not filed this year's declaration."""
    from guild.governance.selectors import current_mandates

    today = today or timezone.localdate()
    done = set(Declaration.objects.filter(year=today.year).values_list("person_id", flat=True))
    sent = 0
    for mandate in current_mandates(today).exclude(person_id__in=done):
        person = mandate.person
        email = person.email or (person.user.email if person.user_id else "")
        if not email:
            continue
        email_queue(
            to=email,
            template="governance/email/declaration_reminder",
            context={"person": person, "year": today.year},
            language=person.user.language if person.user_id else "fr",
            dedupe_key=f"gov-declare-{person.pk}-{today.year}-{today.isocalendar()[1]}",
            category="governance",
        )
        sent += 1
    return sent

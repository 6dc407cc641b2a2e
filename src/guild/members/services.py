"""Writes on memberships. Every status change goes through :func:`membership_transition`."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
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
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    category=category,
                    organisation=organisation,
                    person=person,
                    contact=contact or person,
                    dues_amount=amount,
                    application_data=application_data or {},
                )
        except IntegrityError:  # a concurrent application won (one ongoing per holder)
            raise ValidationError(
                _("%(holder)s already has a membership (%(status)s).")
                % {"holder": str(organisation or person), "status": S.APPLIED.label}
            ) from None
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


# --- online application, member space, seat invitations, member list settings ----------------
# (Guild issue #7; kept together so other additions can go after this block.)

DIRECTORY_FIELDS = ("website", "description", "contact", "email", "phone")
# Defaults when the manager has not chosen: nothing personal is public.
DIRECTORY_DEFAULTS = {
    "website": "public",
    "description": "public",
    "contact": "members",
    "email": "members",
    "phone": "hidden",
}
# Personal data (the contact person) is never shown to the public, whatever is stored.
DIRECTORY_NEVER_PUBLIC = ("contact",)
INVITATION_SALT = "members.seat-invitation"
INVITATION_MAX_AGE = 30 * 24 * 3600
RENEWAL_WINDOW_DAYS = 90
ONGOING = (S.APPLIED, S.ADMITTED, S.AWAITING_PAYMENT, S.ACTIVE)


def departement_from_postal_code(postal_code: str) -> str:
    """The département of a French postal code (Corsica 20xxx: 2A below 20200, else 2B)."""
    code = (postal_code or "").strip().replace(" ", "")
    if len(code) != 5 or not code.isdigit():
        return ""
    if code.startswith(("97", "98")):
        return code[:3]
    if code.startswith("20"):
        return "2A" if int(code) < 20200 else "2B"
    return code[:2]


def directory_visibility_of(organisation, field: str) -> str:
    level = (organisation.directory_visibility or {}).get(field, DIRECTORY_DEFAULTS[field])
    if field in DIRECTORY_NEVER_PUBLIC and level == "public":
        return "members"
    return level


def application_duplicates(*, siren: str = "", email: str = "") -> dict:
    """What already exists for this SIREN / e-mail: the organisation and its ongoing membership,
    the person and whether they have an account. Used to point the applicant to it."""
    from guild.members.models import Organisation, Person

    found = {
        "organisation": None,
        "org_membership": None,
        "person": None,
        "person_membership": None,
    }
    if siren:
        org = Organisation.objects.filter(siren=siren).first()
        if org is not None:
            found["organisation"] = org
            found["org_membership"] = (
                Membership.objects.filter(organisation=org, status__in=ONGOING)
                .select_related("category")
                .first()
            )
    if email:
        person = Person.objects.filter(email__iexact=email.strip()).select_related("user").first()
        if person is not None:
            found["person"] = person
            found["person_membership"] = (
                Membership.objects.filter(person=person, status__in=ONGOING)
                .select_related("category")
                .first()
            )
    return found


def membership_apply_online(
    *,
    actor,
    category,
    person_data: dict,
    organisation_data: dict | None = None,
    dues_amount=None,
    consents: dict,
    language: str = "fr",
) -> Membership:
    """The public application form: find or create the person (and organisation), record the
    application with the consents shown (wording and date), send the confirmation e-mail."""
    from guild.core.outbox import email_queue
    from guild.members.models import Organisation, Person

    email = person_data["email"].strip()
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(email__iexact=email).first()
        if person is None:
            person = _created_or_locked(Person, Q(email__iexact=email), email=email)
        for field in ("first_name", "last_name", "phone", "job_title", "postal_code", "city"):
            if person_data.get(field):
                setattr(person, field, person_data[field])
        person.departement = departement_from_postal_code(person.postal_code) or person.departement
        if (
            user is not None
            and person.user_id is None
            and not hasattr(user, "person")
            and user.email.lower() == email.lower()
        ):
            person.user = user
        organisation = None
        if category.holder == category.Holder.ORGANISATION:
            data = organisation_data or {}
            # The row lock serialises two applications for the same organisation: the second
            # one then sees the first membership and is refused.
            organisation = (
                Organisation.objects.select_for_update().filter(siren=data["siren"]).first()
            )
            if organisation is None:
                postal = data.get("postal_code", "")
                organisation = _created_or_locked(
                    Organisation,
                    Q(siren=data["siren"]),
                    legal_name=data["legal_name"],
                    siren=data["siren"],
                    naf=data.get("naf"),
                    email=email,
                    postal_code=postal,
                    city=data.get("city", ""),
                    departement=departement_from_postal_code(postal),
                    headcount_band=data.get("headcount_band") or "NN",
                )
            person.organisation = organisation
        else:
            person.is_independent = True
        person.save()
        consent_log = {
            "processing": {"wording": str(consents["processing_wording"]), "at": now.isoformat()}
        }
        if organisation is not None:
            listed = bool(consents.get("directory"))
            consent_log["directory"] = {
                "wording": str(consents["directory_wording"]),
                "granted": listed,
                "at": now.isoformat(),
            }
            if listed and not organisation.directory_listed:
                Organisation.objects.filter(pk=organisation.pk).update(directory_listed=True)
        consent_log["newsletter"] = {
            "wording": str(consents["newsletter_wording"]),
            "granted": bool(consents.get("newsletter")),
            "at": now.isoformat(),
        }
        membership = membership_apply(
            actor=user,
            category=category,
            organisation=organisation,
            person=None if organisation else person,
            contact=person,
            dues_amount=dues_amount,
            application_data={
                "consent": consent_log["processing"],
                "consents": consent_log,
                "source": "online",
            },
        )
        if consents.get("newsletter"):
            _newsletter_signup(person, organisation, str(consents["newsletter_wording"]), language)
        email_queue(
            to=email,
            template="members/email/application_received",
            context={
                "person": person,
                "membership": membership,
                "has_account": person.user_id is not None,
                "space_url": f"{settings.SITE_URL}{reverse('members:my_membership')}",
                "signup_url": f"{settings.SITE_URL}{reverse('account_signup')}",
            },
            language=language,
            dedupe_key=f"members.application:{membership.pk}",
            category="members",
        )
    return membership


def _created_or_locked(model, lookup: Q, **fields):
    """Create the row, or, when a concurrent request created it first (unique constraint),
    lock and return that one."""
    try:
        with transaction.atomic():
            return model.objects.create(**fields)
    except IntegrityError:
        return model.objects.select_for_update().get(lookup)


def _newsletter_signup(person, organisation, wording: str, language: str) -> None:
    """Newsletter consent goes to outreach (double opt-in; the consent wording is kept there)."""
    from guild.outreach.models import Consent, MailingList
    from guild.outreach.services import consent_record, contact_upsert, signup_request

    lists = list(MailingList.objects.filter(kind=MailingList.Kind.NEWSLETTER, is_public=True))
    fields = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "organisation_name": str(organisation) if organisation else "",
        "language": language,
    }
    if lists:
        signup_request(
            email=person.email, lists=lists, wording=wording, source="membership form", **fields
        )
    else:
        contact = contact_upsert(actor=None, email=person.email, **fields)
        consent_record(
            contact=contact,
            purpose=Consent.Purpose.NEWSLETTER,
            wording=wording,
            source="membership form",
        )


def person_link_user(*, user):
    """Link the account to the member record holding its verified e-mail address, if any."""
    from allauth.account.models import EmailAddress

    from guild.members.models import Person

    if not user.is_authenticated or hasattr(user, "person"):
        return getattr(user, "person", None)
    verified = set(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    if user.email.lower() not in {e.lower() for e in verified}:
        return None
    with transaction.atomic():
        person = (
            Person.objects.select_for_update()
            .filter(email__iexact=user.email, user__isnull=True)
            .first()
        )
        if person is None:
            return None
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        audit_log(actor=user, action="membership.person_linked", target=person, data={})
    user._state.fields_cache.pop("person", None)
    return person


def renewal_year(membership: Membership, *, today: date | None = None) -> int:
    """The year label of the next dues invoice (calendar: the year after the paid one; rolling:
    the year the current period ends; after a lapse: this year)."""
    today = today or timezone.localdate()
    end = membership.period_end
    if end is None or end < today:
        return today.year
    if membership.category.period == membership.category.Period.CALENDAR:
        return end.year + 1
    return end.year


def renewal_open(membership: Membership, *, today: date | None = None) -> bool:
    """A membership can be renewed when it is active and its period ends within the renewal
    window, or when it lapsed (the invoice then restarts it)."""
    today = today or timezone.localdate()
    if membership.status == S.LAPSED:
        return True
    if membership.status != S.ACTIVE or membership.period_end is None:
        return False
    return (membership.period_end - today).days <= RENEWAL_WINDOW_DAYS


def membership_renew(*, actor, membership: Membership, today: date | None = None):
    """Issue the renewal invoice through the dues invoicing service; calling it again returns
    the same invoice."""
    from guild.billing.models import Invoice

    today = today or timezone.localdate()
    year = renewal_year(membership, today=today)
    existing = (
        Invoice.objects.filter(source_type=DUES_SOURCE, source_id=f"{membership.pk}:{year}")
        .exclude(status=Invoice.Status.CREDITED)
        .first()
    )
    if existing is not None:
        return existing
    if not renewal_open(membership, today=today):
        raise ValidationError(_("This membership cannot be renewed yet."))
    category = membership.category
    with transaction.atomic():
        if category.dues_rule == category.DuesRule.HEADCOUNT and membership.organisation_id:
            amount = dues_compute(category, headcount_band=membership.organisation.headcount_band)
            if amount != membership.dues_amount:
                Membership.objects.filter(pk=membership.pk).update(dues_amount=amount)
                membership.dues_amount = amount
        invoice = membership_invoice_dues(
            actor=actor, membership=membership, year=year, issued_on=today
        )
        audit_log(
            actor=actor,
            action="membership.renewal_invoiced",
            target=membership,
            data={"year": year, "invoice": invoice.number},
        )
    return invoice


def seat_invite(*, actor, membership: Membership, email: str, first_name="", last_name=""):
    """The manager invites a colleague by e-mail to take a seat; the link is signed."""
    from guild.core.outbox import email_queue
    from guild.members.models import SeatInvitation

    email = email.strip()
    if membership.organisation_id is None:
        raise ValidationError(_("Only an organisation's membership has seats."))
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.status not in ONGOING:
            raise ValidationError(_("This membership is not current."))
        seats = Seat.objects.filter(membership=locked, removed_at__isnull=True)
        if seats.filter(person__email__iexact=email).exists():
            raise ValidationError(_("This person already holds a seat."))
        pending = SeatInvitation.objects.filter(
            membership=locked, accepted_at__isnull=True, revoked_at__isnull=True
        )
        if pending.filter(email__iexact=email).exists():
            raise ValidationError(_("An invitation is already waiting for this address."))
        if seats.count() + pending.count() >= seats_allowed(locked):
            raise ValidationError(
                _(
                    "All the seats of this membership are taken or reserved by invitations "
                    "waiting for an answer."
                )
            )
        invitation = SeatInvitation.objects.create(
            membership=locked,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            invited_by=_user(actor),
        )
        audit_log(
            actor=actor,
            action="membership.seat_invited",
            target=locked,
            data={"invitation": invitation.pk},
        )
        token = signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT)
        email_queue(
            to=email,
            template="members/email/seat_invitation",
            context={
                "invitation": invitation,
                "organisation": locked.organisation,
                "inviter": getattr(actor, "get_full_name", lambda: "")() or "",
                "url": f"{settings.SITE_URL}{reverse('members:invitation', args=[token])}",
                "days": INVITATION_MAX_AGE // 86400,
            },
            dedupe_key=f"members.seat-invitation:{invitation.pk}",
            category="members",
        )
    return invitation


def seat_invitation_from_token(token: str):
    """The pending invitation a link points to; a French error when invalid or expired."""
    from guild.members.models import SeatInvitation

    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This invitation has expired; ask for a new one.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This invitation link is not valid.")) from None
    invitation = (
        SeatInvitation.objects.select_related("membership__organisation", "membership__category")
        .filter(pk=data.get("i"))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation was withdrawn."))
    return invitation


def seat_invitation_accept(*, user, invitation):
    """The invited person, logged in with the invited address, takes the seat: their account
    is linked to their member record (created if needed)."""
    from allauth.account.models import EmailAddress

    from guild.members.models import Person, SeatInvitation

    addresses = {user.email.lower()} | {
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    if invitation.email.lower() not in addresses:
        raise ValidationError(
            _("This invitation was sent to %(email)s: log in with that address to accept it.")
            % {"email": invitation.email}
        )
    with transaction.atomic():
        locked = SeatInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.revoked_at is not None:
            raise ValidationError(_("This invitation was withdrawn."))
        if locked.accepted_at is not None:
            raise ValidationError(_("This invitation has already been accepted."))
        organisation = locked.membership.organisation
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = (
                Person.objects.select_for_update()
                .filter(email__iexact=locked.email, user__isnull=True)
                .first()
            )
            if person is None:
                person = Person(
                    email=locked.email,
                    first_name=locked.first_name or user.first_name or "",
                    last_name=locked.last_name or user.last_name or "",
                )
            person.user = user
        if person.organisation_id is None:
            person.organisation = organisation
        person.save()
        # The reservation made by this invitation is released just before the seat is taken.
        locked.accepted_at = timezone.now()
        locked.accepted_by = person
        locked.save(update_fields=["accepted_at", "accepted_by"])
        seat = seat_add(actor=user, membership=locked.membership, person=person)
    user._state.fields_cache.pop("person", None)
    return seat


def seat_invitation_revoke(*, actor, invitation) -> None:
    from guild.members.models import SeatInvitation

    with transaction.atomic():
        updated = SeatInvitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if not updated:
            raise ValidationError(_("This invitation is no longer pending."))
        audit_log(
            actor=actor,
            action="membership.seat_invitation_withdrawn",
            target=invitation.membership,
            data={"invitation": invitation.pk},
        )


PERSON_FIELDS = ("first_name", "last_name", "phone", "job_title", "postal_code", "city")
ORGANISATION_FIELDS = (
    "trade_name",
    "address_line",
    "postal_code",
    "city",
    "email",
    "phone",
    "website",
    "description",
    "naf",
    "headcount_band",
    "vat_number",
)


def person_profile_update(*, actor, person, data: dict):
    if getattr(actor, "person", None) != person:
        raise ValidationError(_("You can only change your own profile."))
    with transaction.atomic():
        for field in PERSON_FIELDS:
            if field in data:
                setattr(person, field, data[field])
        person.departement = departement_from_postal_code(person.postal_code)
        person.save()
    return person


def organisation_profile_update(
    *, actor, membership: Membership, data: dict, logo=None, visibility: dict | None = None
):
    """The manager edits the organisation's record and what the member list may show."""
    import rules

    if not rules.has_perm("members.manage_seats", actor, membership):
        raise ValidationError(_("Only the organisation's manager can change it."))
    organisation = membership.organisation
    with transaction.atomic():
        for field in ORGANISATION_FIELDS:
            if field in data:
                setattr(organisation, field, data[field])
        if "directory_listed" in data:
            organisation.directory_listed = bool(data["directory_listed"])
        organisation.departement = (
            departement_from_postal_code(organisation.postal_code) or organisation.departement
        )
        if logo is not None:
            organisation.logo = logo
        if visibility is not None:
            allowed = {"public", "members", "hidden"}
            organisation.directory_visibility = {
                k: v for k, v in visibility.items() if k in DIRECTORY_FIELDS and v in allowed
            }
        organisation.save()
        audit_log(
            actor=actor,
            action="membership.organisation_updated",
            target=organisation,
            data={"listed": organisation.directory_listed},
        )
    return organisation


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

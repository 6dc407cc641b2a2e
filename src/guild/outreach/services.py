"""Writes for contacts, consents, subscriptions and suppressions (campaigns: campaigns.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.outbox import email_queue
from guild.members.models import Person
from guild.outreach import tokens
from guild.outreach.models import (
    Consent,
    Contact,
    MailingList,
    Subscription,
    Suppression,
    Tag,
)

CONTACT_FIELDS = ("first_name", "last_name", "organisation_name", "kind", "departement", "language")


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    return email


def _link_member(contact: Contact) -> None:
    if contact.person_id is None:
        person = Person.objects.filter(email__iexact=contact.email).first()
        if person is not None:
            contact.person = person
            contact.organisation_id = contact.organisation_id or person.organisation_id


def contact_upsert(
    *,
    actor,
    email: str,
    source: str = Contact.Source.MANUAL,
    tags: list[str] | None = None,
    **fields,
) -> Contact:
    """Create the contact for ``email`` or update the fields given; link the member record
    when the e-mail matches a person."""
    email = normalise_email(email)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().filter(email__iexact=email).first()
        created = contact is None
        if created:
            contact = Contact(email=email, source=source)
        for name in CONTACT_FIELDS:
            if fields.get(name):
                setattr(contact, name, fields[name])
        contact.last_activity_at = timezone.now()
        _link_member(contact)
        contact.save()
        for name in tags or []:
            tag, _created = Tag.objects.get_or_create(name=name.strip()[:60])
            contact.tags.add(tag)
        if created and actor is not None:
            audit_log(
                actor=actor,
                action="outreach.contact_create",
                target=contact,
                data={"source": source},
            )
    return contact


def contact_merge(*, actor, keep: Contact, duplicate: Contact) -> Contact:
    """Fold ``duplicate`` into ``keep``: consents, subscriptions, tags and sends move over,
    empty fields are filled, then the duplicate is deleted."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A contact cannot be merged with itself."))
    with transaction.atomic():
        for name in (*CONTACT_FIELDS, "person_id", "organisation_id"):
            if not getattr(keep, name) and getattr(duplicate, name):
                setattr(keep, name, getattr(duplicate, name))
        Consent.objects.filter(contact=duplicate).update(contact=keep)
        for sub in Subscription.objects.filter(contact=duplicate):
            mine = Subscription.objects.filter(contact=keep, mailing_list=sub.mailing_list_id)
            if not mine.exists():
                sub.contact = keep
                sub.save(update_fields=["contact"])
            elif sub.status == Subscription.Status.UNSUBSCRIBED:
                # An unsubscribe always wins: it is the most recent expressed will.
                mine.update(status=sub.status, unsubscribed_at=sub.unsubscribed_at)
        keep.tags.add(*duplicate.tags.all())
        duplicate.campaign_sends.update(contact=keep)
        keep.last_activity_at = max(keep.last_activity_at, duplicate.last_activity_at)
        keep.save()
        audit_log(
            actor=actor,
            action="outreach.contact_merge",
            target=keep,
            data={"merged": duplicate.email},
        )
        duplicate.delete()
    return keep


def consent_record(
    *,
    contact: Contact,
    purpose: str,
    wording: str,
    source: str,
    granted: bool = True,
    list_slug: str = "",
    legal_basis: str = Consent.LegalBasis.CONSENT,
) -> Consent:
    if not wording:
        raise ValidationError(_("The wording shown to the person is required."))
    return Consent.objects.create(
        contact=contact,
        purpose=purpose,
        wording=wording,
        source=source[:120],
        granted=granted,
        list_slug=list_slug,
        legal_basis=legal_basis,
    )


def signup_request(
    *,
    email: str,
    lists: list[MailingList],
    wording: str,
    source: str,
    first_name: str = "",
    last_name: str = "",
    organisation_name: str = "",
    language: str = "fr",
) -> Contact:
    """Public sign-up: record the request and its consent wording, send the confirmation
    e-mail (double opt-in). Nothing is active until the link is followed."""
    if not lists:
        raise ValidationError({"lists": _("Choose at least one list.")})
    with transaction.atomic():
        contact = contact_upsert(
            actor=None,
            email=email,
            source=Contact.Source.FORM,
            first_name=first_name,
            last_name=last_name,
            organisation_name=organisation_name,
            language=language,
        )
        pending = []
        for mailing_list in lists:
            sub, _created = Subscription.objects.get_or_create(
                contact=contact, mailing_list=mailing_list
            )
            if sub.status != Subscription.Status.ACTIVE:
                sub.status = Subscription.Status.PENDING
                sub.requested_at = timezone.now()
                sub.save(update_fields=["status", "requested_at"])
                pending.append(mailing_list)
            consent_record(
                contact=contact,
                purpose=Consent.Purpose.LIST,
                wording=wording,
                source=source,
                list_slug=mailing_list.slug,
            )
        if pending:
            token = tokens.confirm_token(contact.pk, [m.pk for m in pending])
            email_queue(
                to=contact.email,
                template="outreach/email/confirm",
                context={
                    "contact": contact,
                    "lists": pending,
                    "url": tokens.absolute("outreach:confirm", token),
                },
                language=contact.language,
                category="outreach",
            )
    return contact


def signup_confirm(*, token: str) -> tuple[Contact, list[MailingList]]:
    """Follow the double opt-in link; raises ``signing.BadSignature`` when tampered."""
    data = tokens.read_confirm_token(token)
    with transaction.atomic():
        contact = Contact.objects.get(pk=data["c"])
        subs = Subscription.objects.select_related("mailing_list").filter(
            contact=contact, mailing_list_id__in=data["l"]
        )
        confirmed = []
        now = timezone.now()
        for sub in subs:
            if sub.status == Subscription.Status.PENDING:
                sub.status = Subscription.Status.ACTIVE
                sub.confirmed_at = now
                sub.save(update_fields=["status", "confirmed_at"])
                consent_record(
                    contact=contact,
                    purpose=Consent.Purpose.LIST,
                    wording=_("Confirmed by following the link sent by e-mail."),
                    source="double-opt-in",
                    list_slug=sub.mailing_list.slug,
                )
            confirmed.append(sub.mailing_list)
        Suppression.objects.filter(
            email__iexact=contact.email, reason=Suppression.Reason.UNSUBSCRIBED
        ).delete()
        contact.last_activity_at = now
        contact.save(update_fields=["last_activity_at"])
    return contact, confirmed


def subscription_set(
    *,
    actor,
    contact: Contact,
    mailing_list: MailingList,
    active: bool,
    source: str,
    wording: str = "",
) -> Subscription:
    """Staff, API or preference centre: subscribe (with recorded consent) or unsubscribe."""
    with transaction.atomic():
        sub, _created = Subscription.objects.select_for_update().get_or_create(
            contact=contact, mailing_list=mailing_list
        )
        now = timezone.now()
        if active and sub.status != Subscription.Status.ACTIVE:
            consent_record(
                contact=contact,
                purpose=Consent.Purpose.LIST,
                wording=wording,
                source=source,
                list_slug=mailing_list.slug,
            )
            sub.status = Subscription.Status.ACTIVE
            sub.confirmed_at = now
            sub.unsubscribed_at = None
        elif not active and sub.status != Subscription.Status.UNSUBSCRIBED:
            consent_record(
                contact=contact,
                purpose=Consent.Purpose.LIST,
                granted=False,
                wording=wording or _("Unsubscribed."),
                source=source,
                list_slug=mailing_list.slug,
            )
            sub.status = Subscription.Status.UNSUBSCRIBED
            sub.unsubscribed_at = now
        sub.save()
        if actor is not None:
            audit_log(
                actor=actor,
                action="outreach.subscription_set",
                target=sub,
                data={"active": active, "list": mailing_list.slug},
            )
    return sub


def unsubscribe(
    *,
    contact: Contact | None,
    mailing_list: MailingList | None,
    source: str,
    send=None,
    everything: bool = False,
) -> None:
    """One-click unsubscribe: from one list, or from everything (suppression)."""
    from guild.outreach.models import CampaignSend

    with transaction.atomic():
        if contact is not None:
            lists = (
                MailingList.objects.filter(subscriptions__contact=contact)
                if everything or mailing_list is None
                else [mailing_list]
            )
            for each in lists:
                subscription_set(
                    actor=None, contact=contact, mailing_list=each, active=False, source=source
                )
            if everything:
                suppression_add(
                    email=contact.email, reason=Suppression.Reason.UNSUBSCRIBED, detail=source
                )
        if send is not None and send.unsubscribed_at is None:
            CampaignSend.objects.filter(pk=send.pk).update(unsubscribed_at=timezone.now())


def suppression_add(*, email: str, reason: str, detail: str = "") -> Suppression:
    email = email.strip().lower()
    existing = Suppression.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    return Suppression.objects.create(email=email, reason=reason, detail=detail[:255])


def list_ensure(
    *,
    name: str,
    slug: str,
    kind: str = MailingList.Kind.OTHER,
    description: str = "",
    is_public: bool = True,
) -> MailingList:
    """Create a list by slug if missing (used for one list per public commission)."""
    mailing_list, _created = MailingList.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "kind": kind, "description": description, "is_public": is_public},
    )
    return mailing_list


def list_save(*, actor, mailing_list: MailingList | None = None, **data) -> MailingList:
    """Create or edit a subscription list (staff). The short name is what consent records
    refer to, so it cannot change once someone has subscribed."""
    with transaction.atomic():
        if mailing_list is not None and mailing_list.pk:
            mailing_list = MailingList.objects.select_for_update().get(pk=mailing_list.pk)
            if (
                "slug" in data
                and data["slug"] != mailing_list.slug
                and mailing_list.subscriptions.exists()
            ):
                raise ValidationError(
                    {
                        "slug": _(
                            "The short name of a list with subscribers cannot change: "
                            "their consent records refer to it."
                        )
                    }
                )
        mailing_list = mailing_list or MailingList()
        for name, value in data.items():
            setattr(mailing_list, name, value)
        mailing_list.full_clean()
        mailing_list.save()
        audit_log(
            actor=actor,
            action="outreach.list_save",
            target=mailing_list,
            data={"slug": mailing_list.slug, "public": mailing_list.is_public},
        )
    return mailing_list

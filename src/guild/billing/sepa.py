"""SEPA direct debit (prélèvement SEPA CORE): mandates and pain.008 batches.

A mandate (RUM) is signed by the holder of invoices, an organisation or a person. A batch
collects open invoices whose holder has an active mandate: its pain.008 file (built with
``sepaxml`` and validated against the XSD) goes to the bank; the invoices stay pending (one open
batch per invoice, enforced by the database) until the treasurer confirms the collection, which
records the payments, or cancels the batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaDD

from guild.billing.models import (
    ZERO,
    Invoice,
    PaymentMethod,
    SepaBatch,
    SepaBatchItem,
    SepaMandate,
    SepaSequence,
)
from guild.billing.services import payment_record
from guild.core.audit import audit_log

RUM_RE = re.compile(r"^[A-Za-z0-9+?/:().,' -]{1,35}$")
ICS_RE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$")


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def clean_iban(value: str) -> str:
    try:
        iban = IBAN(value or "")
    except (SchwiftyException, ValueError):
        raise ValidationError(
            _("“%(iban)s” is not a valid IBAN.") % {"iban": (value or "").strip()}
        ) from None
    return iban.compact


def clean_bic(value: str, iban: str = "") -> str:
    try:
        bic = BIC(value or "")
    except (SchwiftyException, ValueError):
        raise ValidationError(
            _("“%(bic)s” is not a valid BIC.") % {"bic": (value or "").strip()}
        ) from None
    return str(bic.compact)


def creditor_id_valid(value: str) -> bool:
    """SEPA creditor identifier (ICS): country, check digits (ISO 7064 mod 97), business code."""
    value = (value or "").replace(" ", "").upper()
    if not ICS_RE.match(value):
        return False
    national = value[7:]
    digits = "".join(str(int(char, 36)) for char in national + value[:2] + "00")
    return 98 - int(digits) % 97 == int(value[2:4])


@dataclass(frozen=True)
class Creditor:
    name: str
    creditor_id: str
    iban: str
    bic: str


def creditor() -> Creditor:
    """The association as SEPA creditor, from settings; a French error names what is missing."""
    from guild.core.identity import get_identity

    name = settings.SEPA_CREDITOR_NAME or get_identity().name
    if not settings.SEPA_CREDITOR_ID or not creditor_id_valid(settings.SEPA_CREDITOR_ID):
        raise ValidationError(
            _("The SEPA creditor identifier (SEPA_CREDITOR_ID) is missing or not valid.")
        )
    try:
        iban = clean_iban(settings.SEPA_CREDITOR_IBAN)
        bic = clean_bic(settings.SEPA_CREDITOR_BIC)
    except ValidationError:
        raise ValidationError(
            _("The association's IBAN or BIC (SEPA_CREDITOR_IBAN, SEPA_CREDITOR_BIC) is not valid.")
        ) from None
    return Creditor(
        name=name[:70],
        creditor_id=settings.SEPA_CREDITOR_ID.replace(" ", "").upper(),
        iban=iban,
        bic=bic,
    )


def sepa_configured() -> bool:
    try:
        creditor()
    except ValidationError:
        return False
    return True


def mandate_record(
    *,
    actor,
    organisation=None,
    person=None,
    debtor_name: str,
    iban: str,
    bic: str,
    reference: str,
    signed_on: date,
    sequence_type: str = SepaSequence.FIRST,
) -> SepaMandate:
    """Record a signed mandate; replaces nothing (revoke the holder's active one first)."""
    if (organisation is None) == (person is None):
        raise ValidationError(_("A mandate belongs to one organisation or one person."))
    debtor_name = (debtor_name or "").strip()
    if not debtor_name:
        raise ValidationError(_("The debtor's name is required."))
    reference = (reference or "").strip()
    if not RUM_RE.match(reference):
        raise ValidationError(
            _("The mandate reference (RUM) must have 1 to 35 letters, digits or SEPA punctuation.")
        )
    iban = clean_iban(iban)
    bic = clean_bic(bic)
    if signed_on is None or signed_on > timezone.localdate():
        raise ValidationError(_("The signature date cannot be in the future."))
    if sequence_type not in SepaSequence.values:
        raise ValidationError(_("Unknown sequence type."))
    with transaction.atomic():
        if SepaMandate.objects.filter(reference=reference).exists():
            raise ValidationError(
                _("A mandate with the reference %(rum)s already exists.") % {"rum": reference}
            )
        holder = Q(organisation=organisation) if organisation else Q(person=person)
        if SepaMandate.objects.filter(holder, status=SepaMandate.Status.ACTIVE).exists():
            raise ValidationError(_("This holder already has an active mandate; revoke it first."))
        mandate = SepaMandate.objects.create(
            organisation=organisation,
            person=person,
            debtor_name=debtor_name[:70],
            iban=iban,
            bic=bic,
            reference=reference,
            signed_on=signed_on,
            sequence_type=sequence_type,
            created_by=_user(actor),
        )
        audit_log(
            actor=actor,
            action="billing.sepa_mandate_recorded",
            target=mandate,
            data={"reference": reference, "iban": mandate.iban_masked},
        )
    return mandate


def mandate_revoke(*, actor, mandate: SepaMandate) -> SepaMandate:
    with transaction.atomic():
        locked = SepaMandate.objects.select_for_update().get(pk=mandate.pk)
        if locked.status == SepaMandate.Status.REVOKED:
            raise ValidationError(_("This mandate is already revoked."))
        if locked.items.filter(status=SepaBatch.Status.PENDING).exists():
            raise ValidationError(
                _("This mandate is used by a batch awaiting collection; close the batch first.")
            )
        locked.status = SepaMandate.Status.REVOKED
        locked.revoked_on = timezone.localdate()
        locked.save(update_fields=["status", "revoked_on"])
        audit_log(
            actor=actor,
            action="billing.sepa_mandate_revoked",
            target=locked,
            data={"reference": locked.reference},
        )
    return locked


def _active_mandates() -> tuple[dict[int, SepaMandate], dict[int, SepaMandate]]:
    mandates = SepaMandate.objects.filter(status=SepaMandate.Status.ACTIVE)
    by_org = {m.organisation_id: m for m in mandates if m.organisation_id}
    by_person = {m.person_id: m for m in mandates if m.person_id}
    return by_org, by_person


def collectable_invoices(invoices) -> list[tuple[Invoice, SepaMandate]]:
    """Open invoices of ``invoices`` with a balance, an active mandate and no pending debit."""
    by_org, by_person = _active_mandates()
    open_invoices = (
        invoices.filter(status=Invoice.Status.ISSUED)
        .exclude(sepa_items__status=SepaBatch.Status.PENDING)
        .order_by("number")
    )
    result = []
    for invoice in open_invoices:
        mandate = by_org.get(invoice.organisation_id) or by_person.get(invoice.person_id)
        if mandate is not None and invoice.balance_due > ZERO:
            result.append((invoice, mandate))
    return result


def dues_invoices(year: int):
    """The invoices of the dues call for ``year`` (source ``membership`` / ``<id>:<year>``)."""
    from guild.members.services import DUES_SOURCE

    return Invoice.objects.filter(source_type=DUES_SOURCE, source_id__endswith=f":{year}")


def earliest_collection_date() -> date:
    """Banks want the file a few business days ahead; two working days is the CORE minimum."""
    day = timezone.localdate()
    added = 0
    while added < 2:
        day += timedelta(days=1)
        if day.weekday() < 5:
            added += 1
    return day


def batch_create(*, actor, invoices, collection_date: date, label: str = "") -> SepaBatch:
    """Build the pain.008 file for the collectable ``invoices``; mark them pending."""
    if collection_date is None or collection_date < earliest_collection_date():
        raise ValidationError(
            _("The collection date must be on or after %(date)s.")
            % {"date": earliest_collection_date().strftime("%d/%m/%Y")}
        )
    cred = creditor()
    with transaction.atomic():
        # Lock the candidate invoices so no payment or other batch slips in meanwhile.
        ids = list(invoices.values_list("pk", flat=True))
        locked = Invoice.objects.select_for_update().filter(pk__in=ids)
        list(locked)
        pairs = collectable_invoices(Invoice.objects.filter(pk__in=ids))
        if not pairs:
            raise ValidationError(
                _("No open invoice with an active mandate to collect in this selection.")
            )
        message_id = f"GUILD-{timezone.now():%Y%m%d%H%M%S}-{get_random_string(6).upper()}"
        label = (label or "").strip() or _("Direct debit %(date)s") % {
            "date": collection_date.strftime("%d/%m/%Y")
        }
        xml = _pain008(cred, message_id, collection_date, pairs)
        total = sum((invoice.balance_due for invoice, _m in pairs), ZERO)
        batch = SepaBatch.objects.create(
            message_id=message_id,
            collection_date=collection_date,
            label=label[:140],
            total=total,
            xml=xml,
            created_by=_user(actor),
        )
        SepaBatchItem.objects.bulk_create(
            [
                SepaBatchItem(
                    batch=batch,
                    invoice=invoice,
                    mandate=mandate,
                    amount=invoice.balance_due,
                    sequence_type=mandate.sequence_type,
                    status=SepaBatch.Status.PENDING,
                )
                for invoice, mandate in pairs
            ]
        )
        audit_log(
            actor=actor,
            action="billing.sepa_batch_created",
            target=batch,
            data={"message_id": message_id, "count": len(pairs), "total": total},
        )
    return batch


def _pain008(cred: Creditor, message_id: str, collection_date: date, pairs) -> str:
    sepa = SepaDD(
        {
            "name": cred.name,
            "IBAN": cred.iban,
            "BIC": cred.bic,
            "batch": True,
            "creditor_id": cred.creditor_id,
            "currency": "EUR",
        },
        schema="pain.008.001.02",
    )
    # sepaxml writes a random message id in the group header at construction: use ours, so
    # the bank's statements can be matched with the batch.
    sepa.msg_id = message_id
    sepa._xml.find("CstmrDrctDbtInitn/GrpHdr/MsgId").text = message_id
    for invoice, mandate in pairs:
        sepa.add_payment(
            {
                "name": mandate.debtor_name,
                "IBAN": mandate.iban,
                "BIC": mandate.bic,
                "amount": int((invoice.balance_due * 100).to_integral_value()),
                "type": mandate.sequence_type,
                "collection_date": collection_date,
                "mandate_id": mandate.reference,
                "mandate_date": mandate.signed_on,
                "description": f"Facture {invoice.number}",
                "endtoend_id": invoice.number.replace("-", ""),
            }
        )
    return sepa.export(validate=True, pretty_print=True).decode("utf-8")


def batch_collect(*, actor, batch: SepaBatch, rejected_item_ids=()) -> SepaBatch:
    """The bank collected the batch: record a payment per debit (except rejected ones)."""
    rejected = {int(pk) for pk in rejected_item_ids}
    with transaction.atomic():
        locked = SepaBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != SepaBatch.Status.PENDING:
            raise ValidationError(_("This batch is already closed."))
        if locked.collection_date > timezone.localdate():
            raise ValidationError(
                _("The collection date (%(date)s) has not come yet.")
                % {"date": locked.collection_date.strftime("%d/%m/%Y")}
            )
        for item in locked.items.select_related("invoice", "mandate"):
            if item.pk in rejected:
                item.status = SepaBatch.Status.CANCELLED
                item.save(update_fields=["status"])
                continue
            payment_record(
                actor=actor,
                invoice=item.invoice,
                amount=item.amount,
                method=PaymentMethod.SEPA,
                reference=f"{locked.message_id} {item.mandate.reference}",
                paid_on=locked.collection_date,
                external_id=f"sepa:{locked.message_id}:{item.pk}",
            )
            item.status = SepaBatch.Status.COLLECTED
            item.save(update_fields=["status"])
            if item.mandate.sequence_type == SepaSequence.FIRST:
                item.mandate.sequence_type = SepaSequence.RECURRING
                item.mandate.save(update_fields=["sequence_type"])
        locked.status = SepaBatch.Status.COLLECTED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        audit_log(
            actor=actor,
            action="billing.sepa_batch_collected",
            target=locked,
            data={"message_id": locked.message_id, "rejected": sorted(rejected)},
        )
    return locked


def batch_cancel(*, actor, batch: SepaBatch) -> SepaBatch:
    """The file was not sent (or the bank refused it whole): release the invoices."""
    with transaction.atomic():
        locked = SepaBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != SepaBatch.Status.PENDING:
            raise ValidationError(_("This batch is already closed."))
        locked.items.update(status=SepaBatch.Status.CANCELLED)
        locked.status = SepaBatch.Status.CANCELLED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        audit_log(
            actor=actor,
            action="billing.sepa_batch_cancelled",
            target=locked,
            data={"message_id": locked.message_id},
        )
    return locked

"""Invoices (French legal numbering), credit notes, payments and income without an invoice."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ZERO = Decimal("0.00")


class RevenueSource(models.TextChoices):
    DUES = "dues", _("membership dues")
    TRADE_SHOW = "trade_show", _("trade show")
    SPONSORSHIP = "sponsorship", pgettext_lazy("invoice kind", "sponsorship")
    SERVICES = "services", _("services")
    COWORKING = "coworking", _("co-working")
    PUBLIC_GRANT = "public_grant", _("public grant")
    DONATION = "donation", _("donation")
    OTHER = "other", _("other")


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("bank transfer")
    CHEQUE = "cheque", _("cheque")
    CASH = "cash", _("cash")
    CARD = "card", _("card")
    SEPA = "sepa", _("SEPA direct debit")


class DocumentCounter(models.Model):
    """The last number used for one kind of document in one year (locked while numbering)."""

    kind = models.CharField(max_length=1)  # "F" invoices, "A" credit notes (avoirs)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="billing_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}{self.year}: {self.last}"


class ImmutableError(ValidationError):
    pass


class Invoice(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("issued")
        PAID = "paid", _("paid")
        CREDITED = "credited", _("cancelled by a credit note")

    # Fields that may still change once the invoice is issued (payment follow-up only).
    MUTABLE_FIELDS = frozenset({"status", "amount_paid", "paid_at", "amount_credited"})

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED, db_index=True
    )
    issued_on = models.DateField(_("issue date"))
    due_date = models.DateField(_("due date"))
    customer_name = models.CharField(_("customer"), max_length=255)
    customer_email = models.EmailField(_("customer e-mail"))
    customer_address = models.TextField(_("customer address"), blank=True)
    customer_siren = models.CharField(_("customer SIREN"), max_length=14, blank=True)
    customer_vat = models.CharField(_("customer VAT number"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    revenue_source = models.CharField(
        _("revenue source"), max_length=20, choices=RevenueSource.choices, db_index=True
    )
    source_type = models.CharField(_("source type"), max_length=50, blank=True, db_index=True)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    total_net = models.DecimalField(_("total excl. VAT"), max_digits=12, decimal_places=2)
    total_vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total_gross = models.DecimalField(_("total incl. VAT"), max_digits=12, decimal_places=2)
    amount_paid = models.DecimalField(
        _("amount paid"), max_digits=12, decimal_places=2, default=ZERO
    )
    amount_credited = models.DecimalField(
        _("amount credited"), max_digits=12, decimal_places=2, default=ZERO
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_year_seq_unique"),
            models.CheckConstraint(condition=Q(amount_paid__gte=0), name="invoice_paid_positive"),
        ]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return self.number

    @property
    def balance_due(self) -> Decimal:
        return self.total_gross - self.amount_credited - self.amount_paid

    @property
    def sepa_pending(self) -> bool:
        """Part of a direct debit batch awaiting collection."""
        return self.sepa_items.filter(status="pending").exists()

    @property
    def is_professional(self) -> bool:
        return bool(self.customer_siren or self.customer_vat or self.organisation_id)

    @property
    def vat_exempt(self) -> bool:
        return self.total_vat == ZERO

    def save(self, *args, **kwargs):  # noqa: DJ012
        if self.pk and not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.MUTABLE_FIELDS:
                raise ImmutableError(_("An issued invoice cannot be modified."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(_("An issued invoice cannot be deleted; issue a credit note."))


class BaseLine(models.Model):
    label = models.CharField(_("label"), max_length=255)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("unit price excl. VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    amount_net = models.DecimalField(_("amount excl. VAT"), max_digits=12, decimal_places=2)
    amount_vat = models.DecimalField(_("VAT amount"), max_digits=12, decimal_places=2)
    amount_gross = models.DecimalField(_("amount incl. VAT"), max_digits=12, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class InvoiceLine(BaseLine):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")

    class Meta(BaseLine.Meta):
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            raise ImmutableError(_("An issued invoice cannot be modified."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(_("An issued invoice cannot be modified."))


class CreditNote(models.Model):
    """An avoir: cancels all or part of an invoice; numbered in its own yearly sequence."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="credit_notes"
    )
    issued_on = models.DateField(_("issue date"))
    reason = models.TextField(_("reason"))
    total_net = models.DecimalField(_("total excl. VAT"), max_digits=12, decimal_places=2)
    total_vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total_gross = models.DecimalField(_("total incl. VAT"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="creditnote_year_seq_unique"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            raise ImmutableError(_("An issued credit note cannot be modified."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(_("An issued credit note cannot be deleted."))


class CreditNoteLine(BaseLine):
    credit_note = models.ForeignKey(CreditNote, on_delete=models.PROTECT, related_name="lines")

    class Meta(BaseLine.Meta):
        verbose_name = _("credit note line")
        verbose_name_plural = _("credit note lines")


class Payment(models.Model):
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=140, blank=True)
    paid_on = models.DateField(_("payment date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # Identifier of the payment at an online provider or bank (Stripe payment intent, SEPA
    # debit): unique, so a replayed notification never records the same money twice.
    external_id = models.CharField(
        _("provider payment id"), max_length=255, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number} {self.amount}"


class OtherIncome(models.Model):
    """Income that has no invoice: public grants (subventions), donations, other."""

    label = models.CharField(_("label"), max_length=255)
    revenue_source = models.CharField(
        _("revenue source"), max_length=20, choices=RevenueSource.choices, db_index=True
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    received_on = models.DateField(_("date"))
    funder_name = models.CharField(_("funder / donor"), max_length=255, blank=True)
    is_public = models.BooleanField(_("public money"), default=False)
    reference = models.CharField(_("reference"), max_length=140, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("other income")
        verbose_name_plural = _("other income")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="otherincome_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.label


class ProviderEvent(models.Model):
    """A webhook event received from an online payment provider (processed at most once)."""

    provider = models.CharField(_("provider"), max_length=20)
    event_id = models.CharField(_("event id"), max_length=255)
    event_type = models.CharField(_("event type"), max_length=100)
    invoice = models.ForeignKey(
        Invoice,
        verbose_name=_("invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provider_events",
    )
    outcome = models.CharField(_("outcome"), max_length=20)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("payment provider event")
        verbose_name_plural = _("payment provider events")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="billing_provider_event_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id}"


class SepaSequence(models.TextChoices):
    FIRST = "FRST", _("first collection (FRST)")
    RECURRING = "RCUR", _("recurring collection (RCUR)")


class SepaMandate(models.Model):
    """A SEPA direct debit mandate signed by the holder of invoices (organisation or person)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        REVOKED = "revoked", _("revoked")

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sepa_mandates",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sepa_mandates",
    )
    reference = models.CharField(_("mandate reference (RUM)"), max_length=35, unique=True)
    debtor_name = models.CharField(_("debtor name"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)
    signed_on = models.DateField(_("signature date"))
    sequence_type = models.CharField(
        _("sequence type"),
        max_length=4,
        choices=SepaSequence.choices,
        default=SepaSequence.FIRST,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    revoked_on = models.DateField(_("revocation date"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("SEPA mandate")
        verbose_name_plural = _("SEPA mandates")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, person__isnull=True)
                | Q(organisation__isnull=True, person__isnull=False),
                name="sepamandate_one_holder",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="active", organisation__isnull=False),
                name="sepamandate_one_active_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="active", person__isnull=False),
                name="sepamandate_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def holder(self):
        return self.organisation or self.person

    @property
    def iban_masked(self) -> str:
        return f"{self.iban[:4]} **** **** {self.iban[-4:]}"


class SepaBatch(models.Model):
    """A pain.008 direct debit file: a set of invoices collected on one date."""

    class Status(models.TextChoices):
        PENDING = "pending", _("sent to the bank, awaiting collection")
        COLLECTED = "collected", _("collected")
        CANCELLED = "cancelled", _("cancelled")

    message_id = models.CharField(_("message id"), max_length=35, unique=True)
    collection_date = models.DateField(_("collection date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    label = models.CharField(_("label"), max_length=140)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    xml = models.TextField(_("pain.008 file"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SEPA direct debit batch")
        verbose_name_plural = _("SEPA direct debit batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.message_id


class SepaBatchItem(models.Model):
    batch = models.ForeignKey(SepaBatch, on_delete=models.PROTECT, related_name="items")
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="sepa_items"
    )
    mandate = models.ForeignKey(
        SepaMandate, verbose_name=_("mandate"), on_delete=models.PROTECT, related_name="items"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    sequence_type = models.CharField(_("sequence type"), max_length=4, choices=SepaSequence)
    # Copy of the batch status, so the database can refuse one invoice in two open batches.
    status = models.CharField(_("status"), max_length=10, choices=SepaBatch.Status.choices)

    class Meta:
        verbose_name = _("direct debit")
        verbose_name_plural = _("direct debits")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(status="pending"),
                name="sepaitem_one_pending_per_invoice",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="sepaitem_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} {self.invoice}"

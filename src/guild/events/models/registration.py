"""Orders (one buyer), registrations (one attendee, one badge), vouchers and invitation
codes, the waiting list and referral rewards."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guild.core.models import TimeStampedModel
from guild.events.models.event import Event, Exhibitor, TicketType


def new_code(length: int = 8) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_secret() -> str:
    return secrets.token_urlsafe(16)


def new_badge_key() -> str:
    return secrets.token_urlsafe(9)


class Voucher(TimeStampedModel):
    """A code giving a free ticket or a discount; tied to a member or an exhibitor it is an
    invitation code and every registration it brings is attributed to its owner."""

    class Kind(models.TextChoices):
        FREE = "free", _("free ticket")
        PERCENT = "percent", _("percentage off")
        AMOUNT = "amount", _("amount off")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="vouchers")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FREE)
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2, default=Decimal("0.00"))
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    used = models.PositiveIntegerField(_("uses"), default=0)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    ticket_types = models.ManyToManyField(
        TicketType,
        verbose_name=_("ticket types"),
        blank=True,
        related_name="vouchers",
        help_text=_("Empty means every ticket type."),
    )
    label = models.CharField(_("note"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("member organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=pgettext_lazy("member of the association", "member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    exhibitor = models.ForeignKey(
        Exhibitor,
        verbose_name=_("exhibitor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vouchers",
    )

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="voucher_code_unique"),
            models.CheckConstraint(
                condition=Q(used__lte=models.F("max_uses")), name="voucher_never_overused"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def owner_label(self) -> str:
        owner = self.organisation or self.person or self.exhibitor
        return str(owner) if owner else ""

    @property
    def uses_left(self) -> int:
        return max(self.max_uses - self.used, 0)

    @property
    def is_invitation(self) -> bool:
        return bool(self.organisation_id or self.person_id or self.exhibitor_id)

    def apply(self, price: Decimal) -> Decimal:
        if self.kind == self.Kind.FREE:
            return Decimal("0.00")
        if self.kind == self.Kind.PERCENT:
            return max(
                price - (price * self.value / 100).quantize(Decimal("0.01")), Decimal("0.00")
            )
        return max(price - self.value, Decimal("0.00"))


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("awaiting payment")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


ORDER_TRANSITIONS: dict[str, set[str]] = {
    OrderStatus.PENDING_PAYMENT: {OrderStatus.CONFIRMED, OrderStatus.CANCELLED},
    OrderStatus.CONFIRMED: {OrderStatus.CANCELLED},
    OrderStatus.CANCELLED: set(),
}


class Order(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="orders")
    code = models.CharField(_("reference"), max_length=12, unique=True, default=new_code)
    secret = models.CharField(max_length=40, default=new_secret, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OrderStatus.choices,
        default=OrderStatus.CONFIRMED,
        db_index=True,
    )
    buyer_name = models.CharField(_("buyer"), max_length=200)
    buyer_email = models.EmailField(_("buyer e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_orders",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member_price = models.BooleanField(_("member price applied"), default=False)
    voucher = models.ForeignKey(
        Voucher,
        verbose_name=_("voucher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    total = models.DecimalField(
        _("total (incl. VAT)"), max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    invoice_ref = models.CharField(_("invoice"), max_length=40, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    source = models.CharField(_("source"), max_length=10, default="web")

    class Meta:
        verbose_name = pgettext_lazy("ticket order", "order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["event", "created_at"])]

    def __str__(self) -> str:
        return self.code


class Registration(TimeStampedModel):
    """One attendee with one badge. ``badge_key`` is part of the QR token: changing it revokes
    every printed or e-mailed badge at once."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="registrations")
    ticket_type = models.ForeignKey(
        TicketType,
        verbose_name=_("ticket type"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.CONFIRMED
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    company = models.CharField(_("company"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    price = models.DecimalField(
        _("price (incl. VAT)"), max_digits=9, decimal_places=2, default=Decimal("0.00")
    )
    share_with_exhibitors = models.BooleanField(_("agrees to share with exhibitors"), default=False)
    share_consent_text = models.CharField(max_length=300, blank=True)
    share_consent_at = models.DateTimeField(null=True, blank=True)
    badge_key = models.CharField(max_length=16, default=new_badge_key, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["event", "last_name", "first_name"]),
            models.Index(fields=["email"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def token(self) -> str:
        from guild.events.tokens import badge_token

        return badge_token(self)


class WaitingListEntry(TimeStampedModel):
    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("offered a place")
        CONVERTED = "converted", _("registered")
        EXPIRED = "expired", _("offer expired")
        CANCELLED = "cancelled", _("withdrawn")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="waiting_list")
    ticket_type = models.ForeignKey(
        TicketType, on_delete=models.CASCADE, related_name="waiting_list"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    offer_secret = models.CharField(max_length=40, default=new_secret, editable=False)
    offered_until = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    language = models.CharField(max_length=8, default="fr")

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class RewardTier(models.Model):
    """A reward earned by an invitation-code owner once their code brought ``threshold``
    confirmed registrations (e.g. 10 guests: a free booth upgrade)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reward_tiers")
    threshold = models.PositiveIntegerField(_("registrations needed"))
    label = models.CharField(_("reward"), max_length=200)

    class Meta:
        verbose_name = _("referral reward")
        verbose_name_plural = _("referral rewards")
        ordering = ["threshold"]

    def __str__(self) -> str:
        return f"{self.threshold}: {self.label}"

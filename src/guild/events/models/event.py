"""Events, series (the yearly show), ticket types, shared quotas, questions, exhibitors."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guild.core.models import TimeStampedModel, colour_validator


class Series(models.Model):
    """A recurring event (the yearly trade show): its editions are cloned year to year."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    TRADE_SHOW = "trade_show", _("trade-show edition")
    CONFERENCE = "conference", _("conference")
    WORKSHOP = "workshop", _("workshop")
    MEETUP = "meetup", _("meetup")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    OPEN = "open", _("registration open")
    CLOSED = "closed", _("registration closed")
    ARCHIVED = "archived", _("archived")


# Allowed transitions, declared once; ``services.event_transition`` enforces them.
EVENT_TRANSITIONS: dict[str, set[str]] = {
    EventStatus.DRAFT: {EventStatus.PUBLISHED, EventStatus.OPEN},
    EventStatus.PUBLISHED: {EventStatus.OPEN, EventStatus.DRAFT, EventStatus.CLOSED},
    EventStatus.OPEN: {EventStatus.CLOSED, EventStatus.PUBLISHED},
    EventStatus.CLOSED: {EventStatus.OPEN, EventStatus.ARCHIVED},
    EventStatus.ARCHIVED: set(),
}


class Event(TimeStampedModel):
    series = models.ForeignKey(
        Series,
        verbose_name=_("series"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="editions",
    )
    cloned_from = models.ForeignKey(
        "self",
        verbose_name=_("cloned from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.MEETUP
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    edition_year = models.PositiveSmallIntegerField(_("edition year"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        db_index=True,
    )
    confirmation_text = models.TextField(
        _("confirmation e-mail text"),
        blank=True,
        help_text=_("Added to the confirmation e-mail sent with the badge."),
    )
    exhibitor_consent_text = models.CharField(
        _("wording of the consent to share with exhibitors"),
        max_length=300,
        blank=True,
        default=_(
            "I agree that exhibitors who scan my badge receive my name, company and e-mail address."
        ),
    )
    badge_show_company = models.BooleanField(_("show the company on badges"), default=True)
    badge_show_job = models.BooleanField(_("show the job title on badges"), default=False)
    waiting_list_enabled = models.BooleanField(_("waiting list when sold out"), default=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("waiting-list offer lasts (hours)"), default=48
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == EventStatus.OPEN

    @property
    def is_public(self) -> bool:
        return self.status in {EventStatus.PUBLISHED, EventStatus.OPEN, EventStatus.CLOSED}

    def days(self) -> list:
        start = timezone.localtime(self.starts_at).date()
        end = timezone.localtime(self.ends_at).date()
        out = [start]
        while out[-1] < end:
            out.append(out[-1].fromordinal(out[-1].toordinal() + 1))
        return out


class Quota(models.Model):
    """A number of places shared by one or more ticket types. ``used`` counts sold places and
    places held for waiting-list offers; it only changes under a row lock."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas")
    name = models.CharField(_("name"), max_length=100)
    size = models.PositiveIntegerField(_("places"))
    used = models.PositiveIntegerField(_("places taken"), default=0)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used__lte=models.F("size")), name="quota_never_oversold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.used}/{self.size})"

    @property
    def available(self) -> int:
        return max(self.size - self.used, 0)


class TicketCategory(models.TextChoices):
    VISITOR = "visitor", _("professional visitor")
    STUDENT = "student", _("student")
    MEMBER = "member", _("member rate")
    DAY_PASS = "day_pass", _("paid day pass")
    EXHIBITOR = "exhibitor", _("exhibitor staff")
    SPEAKER = "speaker", _("speaker")
    PRESS = "press", _("press")
    VIP = "vip", _("VIP")


class TicketType(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="ticket_types")
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(
        _("category"), max_length=12, choices=TicketCategory.choices, default=TicketCategory.VISITOR
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    price = models.DecimalField(
        _("price (incl. VAT)"), max_digits=9, decimal_places=2, default=Decimal("0.00")
    )
    member_price = models.DecimalField(
        _("member price (incl. VAT)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Applied when the buyer's organisation holds an active membership."),
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"), max_digits=5, decimal_places=2, default=Decimal("20.00")
    )
    colour = models.CharField(
        _("badge colour"), max_length=7, default="#1d4ed8", validators=[colour_validator]
    )
    quotas = models.ManyToManyField(
        Quota, verbose_name=_("quotas"), blank=True, related_name="ticket_types"
    )
    sale_starts_at = models.DateTimeField(_("sale starts"), null=True, blank=True)
    sale_ends_at = models.DateTimeField(_("sale ends"), null=True, blank=True)
    max_per_order = models.PositiveSmallIntegerField(_("maximum per order"), default=10)
    valid_days = models.JSONField(
        _("valid days"),
        default=list,
        blank=True,
        help_text=_("Dates (YYYY-MM-DD) the ticket admits; empty means every day."),
    )
    is_public = models.BooleanField(
        _("on sale to the public"),
        default=True,
        help_text=_("Hidden types are only reachable with a voucher (exhibitor staff, press)."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("ticket type")
        verbose_name_plural = _("ticket types")
        ordering = ["event", "position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return self.price == 0 and (self.member_price is None or self.member_price == 0)

    def price_for(self, *, member: bool) -> Decimal:
        if member and self.member_price is not None:
            return min(self.member_price, self.price)
        return self.price

    def on_sale(self, now=None) -> bool:
        now = now or timezone.now()
        if self.sale_starts_at and now < self.sale_starts_at:
            return False
        return not (self.sale_ends_at and now > self.sale_ends_at)


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        CHOICE = "choice", _("one choice")
        MULTIPLE = "multiple", _("several choices")
        BOOLEAN = "boolean", _("yes / no")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Used in exports and statistics, e.g. sector.")
    )
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("choices (one a line)"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "key"], name="question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Exhibitor(models.Model):
    """An exhibiting party, for invitation codes until the exhibition app exists."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="exhibitors")
    owner_label = models.CharField(_("exhibitor"), max_length=200)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["owner_label"]

    def __str__(self) -> str:
        return self.owner_label

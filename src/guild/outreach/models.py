"""Outreach: contacts and their consents, lists and subscriptions, suppressions, segments,
campaigns with one send record per recipient, and the public news articles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guild.core.models import TimeStampedModel


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Contact(TimeStampedModel):
    class Source(models.TextChoices):
        IMPORT = "import", _("import")
        FORM = "form", _("public form")
        EVENT = "event", _("event registration")
        MANUAL = "manual", _("entered by staff")
        API = "api", _("API")

    class Kind(models.TextChoices):
        PROSPECT = "prospect", _("prospect")
        VISITOR = "visitor", _("visitor")
        PRESS = "press", _("press")
        INSTITUTION = "institution", _("institution")
        PARTNER = "partner", _("partner")

    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("member organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_contacts",
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("member record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_contacts",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PROSPECT)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    departement = models.CharField(_("département"), max_length=3, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="contacts")
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="outreach_contact_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class Consent(models.Model):
    """One consent (or withdrawal) event, kept as proof: never edited."""

    class Purpose(models.TextChoices):
        NEWSLETTER = "newsletter", _("newsletter and news")
        LIST = "list", _("subscription to a list")
        PROFILING = "profiling", _("click statistics")

    class LegalBasis(models.TextChoices):
        CONSENT = "consent", _("consent")
        LEGITIMATE = "legitimate_interest", _("legitimate interest")
        CONTRACT = "contract", _("contract (member)")

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    legal_basis = models.CharField(
        _("legal basis"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT
    )
    granted = models.BooleanField(_("granted"), default=True)
    list_slug = models.SlugField(_("list"), max_length=80, blank=True)
    wording = models.TextField(_("wording shown"))
    source = models.CharField(_("source"), max_length=120)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.contact_id} {self.purpose} {self.granted}"


class MailingList(models.Model):
    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", _("newsletter")
        TRADESHOW = "tradeshow", _("trade-show news")
        COMMISSION = "commission", _("commission")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NEWSLETTER)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("open to public sign-up"), default=True)
    commission = models.ForeignKey(
        "commissions.Commission",
        verbose_name=_("linked commission"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailing_lists",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("list")
        verbose_name_plural = _("lists")

    def __str__(self) -> str:
        return self.name


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting confirmation")
        ACTIVE = "active", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    mailing_list = models.ForeignKey(
        MailingList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "mailing_list"], name="outreach_subscription_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} → {self.mailing_list_id} ({self.status})"


class Suppression(models.Model):
    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed from all")
        BOUNCED = "bounced", _("hard bounce")
        COMPLAINED = "complained", _("spam complaint")
        MANUAL = "manual", _("added by staff")

    email = models.EmailField(_("e-mail"))
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppression")
        verbose_name_plural = _("suppression list")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="outreach_suppression_email_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.reason})"


class Segment(TimeStampedModel):
    """A saved filter; ``filters`` maps a filter code to its value (see ``segments.py``)."""

    name = models.CharField(_("name"), max_length=150)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.name


def track_opens_default() -> bool:
    """Pixel tracking is off unless the association turns it on (OUTREACH_TRACK_OPENS_DEFAULT)."""
    return bool(getattr(settings, "OUTREACH_TRACK_OPENS_DEFAULT", False))


class Campaign(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        CANCELLED = "cancelled", _("cancelled")

    subject = models.CharField(_("subject"), max_length=200)
    preheader = models.CharField(_("preheader"), max_length=200, blank=True)
    body = models.TextField(_("body (Markdown)"))
    mailing_list = models.ForeignKey(
        MailingList, verbose_name=_("list"), on_delete=models.PROTECT, related_name="campaigns"
    )
    segment = models.ForeignKey(
        Segment,
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    track_opens = models.BooleanField(_("track opens (pixel)"), default=track_opens_default)
    total = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.subject


class CampaignSend(models.Model):
    """One recipient of one campaign (unique per campaign and e-mail).

    ``pending`` → ``sending`` (claimed by a worker, in small batches) → ``sent`` (committed
    right after the SMTP transaction). See ``guild.outreach.campaigns`` for crash recovery."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        BOUNCED = "bounced", _("bounced")
        FAILED = "failed", _("failed")
        SUPPRESSED = "suppressed", _("skipped (suppressed)")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="sends"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_sends",
    )
    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by (worker)"), max_length=120, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("clicked at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("campaign send")
        verbose_name_plural = _("campaign sends")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "campaign", name="outreach_send_once_per_campaign"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.email}"


class Article(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body (Markdown)"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("outreach:article", args=[self.slug])

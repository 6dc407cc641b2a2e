"""Sourcing: skills taxonomy, member profiles, needs board and introductions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent skill"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    synonyms = models.CharField(
        _("synonyms"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated, used by the search."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    MEMBERS = "members", _("members only")
    HIDDEN = "hidden", _("hidden")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("available")
    PARTIAL = "partial", _("partly available")
    BUSY = "busy", _("not available")


# Profile fields whose visibility the member chooses.
VISIBLE_FIELDS = (
    "offer",
    "skills",
    "references",
    "certifications",
    "languages",
    "departements_served",
    "availability",
    "day_rate",
)


class Profile(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("member organisation")
        FREELANCER = "freelancer", _("freelancer")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    organisation = models.OneToOneField(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sourcing_profile",
    )
    person = models.OneToOneField(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sourcing_profile",
    )
    name = models.CharField(_("name"), max_length=255)
    offer = models.TextField(_("offer"), blank=True)
    references = models.TextField(_("references and case studies"), blank=True)
    certifications = models.TextField(_("certifications"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    departements_served = models.CharField(
        _("départements served"), max_length=200, blank=True, help_text=_("Comma-separated codes.")
    )
    availability = models.CharField(
        _("availability"),
        max_length=10,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    day_rate_min = models.PositiveIntegerField(_("day rate from (€)"), null=True, blank=True)
    day_rate_max = models.PositiveIntegerField(_("day rate up to (€)"), null=True, blank=True)
    visibility = models.JSONField(_("visibility of each field"), default=dict, blank=True)
    published = models.BooleanField(_("listed in the directory"), default=True)
    # Denormalised for facets (copied from the member records by the service).
    departement = models.CharField(_("département"), max_length=3, blank=True, db_index=True)
    naf_code = models.CharField(_("NAF code"), max_length=6, blank=True, db_index=True)
    headcount_band = models.CharField(_("headcount band"), max_length=2, blank=True, db_index=True)
    search_text = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory profile")
        verbose_name_plural = _("directory profiles")
        ordering = ["name"]
        # The GIN index on search_vector is created by migration 0002 on PostgreSQL only.
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="organisation", organisation__isnull=False, person__isnull=True)
                    | Q(kind="freelancer", person__isnull=False, organisation__isnull=True)
                ),
                name="src_profile_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def visibility_of(self, field: str) -> str:
        return self.visibility.get(field, Visibility.PUBLIC)


class ProfileSkill(models.Model):
    class Level(models.IntegerChoices):
        BEGINNER = 1, _("beginner")
        CONFIRMED = 2, _("confirmed")
        EXPERT = 3, _("expert")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="profile_links")
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.CONFIRMED
    )

    class Meta:
        verbose_name = _("profile skill")
        verbose_name_plural = _("profile skills")
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="src_profile_skill_unique")
        ]
        indexes = [models.Index(fields=["skill", "profile"])]

    def __str__(self) -> str:
        return f"{self.profile} – {self.skill}"


class Need(models.Model):
    class Kind(models.TextChoices):
        TENDER = "tender", _("call for tenders")
        QUOTE = "quote", _("request for a quote")
        PARTNERSHIP = "partnership", _("partnership")
        HIRING = "hiring", _("hiring")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        UNKNOWN = "", _("not recorded")
        WON = "won", _("won by a member")
        LOST = "lost", _("not won by a member")
        CANCELLED = "cancelled", _("abandoned")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), related_name="needs")
    budget_min = models.PositiveIntegerField(_("budget from (€)"), null=True, blank=True)
    budget_max = models.PositiveIntegerField(_("budget up to (€)"), null=True, blank=True)
    deadline = models.DateField(_("answer before"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=150, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    remote = models.BooleanField(_("remote possible"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default="", blank=True
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sourcing_needs"
    )
    company_name = models.CharField(_("company"), max_length=200)
    company_email = models.EmailField(_("company e-mail"))
    on_behalf = models.BooleanField(_("posted by staff on behalf of a non-member"), default=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderation_note = models.TextField(_("moderation note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="src_need_budget_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NeedResponse(models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="responses")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"))
    picked = models.BooleanField(_("picked"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer to a need")
        verbose_name_plural = _("answers to needs")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["need", "profile"], name="src_one_response_per_profile")
        ]

    def __str__(self) -> str:
        return f"{self.need} – {self.profile}"


class NeedNotification(models.Model):
    """A matched profile told about a need (once)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="notifications")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "profile"], name="src_need_notified_once")
        ]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.profile_id}"


class Introduction(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions_sent"
    )
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="introductions")
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sender", "created_at"])]

    def __str__(self) -> str:
        return f"{self.sender} → {self.profile}"

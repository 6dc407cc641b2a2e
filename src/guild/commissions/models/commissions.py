"""Commissions, their missions, their members, and the app's settings (horizon thresholds)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CommissionSettings(models.Model):
    """One row: the thresholds that turn a target date into a horizon, and reminder timing."""

    short_max_months = models.PositiveSmallIntegerField(
        _("short term: under (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    medium_max_months = models.PositiveSmallIntegerField(
        _("medium term: up to (months)"),
        default=18,
        validators=[MinValueValidator(2), MaxValueValidator(240)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind owners (days before the target date)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("commission settings")
        verbose_name_plural = _("commission settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="commission_settings_single"),
            models.CheckConstraint(
                condition=models.Q(medium_max_months__gt=models.F("short_max_months")),
                name="commission_settings_medium_after_short",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Commission settings"))

    @classmethod
    def load(cls) -> CommissionSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class Commission(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone may join")
        APPROVAL = "approval", _("On request, approved by a chair")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    join_policy = models.CharField(
        _("joining"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.APPROVAL
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="commissions",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commissions:detail", args=[self.slug])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        CO_CHAIR = "co_chair", _("Co-chair")
        MEMBER = "member", pgettext_lazy("commission role", "Member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Request pending")
        ACTIVE = "active", _("Active")

    commission = models.ForeignKey(
        Commission,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("commission"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="commission_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("commission membership")
        verbose_name_plural = _("commission memberships")
        ordering = ["role", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["commission", "user"], name="commission_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.commission}"

    @property
    def is_chair(self) -> bool:
        return self.status == self.Status.ACTIVE and self.role in {
            self.Role.CHAIR,
            self.Role.CO_CHAIR,
        }


class Mission(models.Model):
    commission = models.ForeignKey(
        Commission,
        on_delete=models.CASCADE,
        related_name="missions",
        verbose_name=_("commission"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(
        _("objectives"), blank=True, help_text=_("One objective per line.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def objective_list(self) -> list[str]:
        return [line.strip("-• \t") for line in self.objectives.splitlines() if line.strip()]

"""Actions of the action plans, with their milestones, indicators, links and comments."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Horizon(models.TextChoices):
    SHORT = "short", _("Short term")
    MEDIUM = "medium", _("Medium term")
    LONG = "long", _("Long term")


class Action(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        ABANDONED = "abandoned", _("Abandoned")

    mission = models.ForeignKey(
        "commissions.Mission",
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("mission"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    horizon = models.CharField(
        _("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.SHORT
    )
    horizon_explicit = models.BooleanField(
        _("horizon set by hand"),
        default=False,
        help_text=_(
            "Otherwise the horizon is derived from the target date: how far it lies from the "
            "day the action was planned."
        ),
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="owned_actions",
        blank=True,
        verbose_name=_("owners"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    abandon_reason = models.TextField(_("reason for abandoning"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    planned_budget = models.DecimalField(
        _("planned budget (€)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    spent_budget = models.DecimalField(
        _("spent budget (€)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="blocks",
        blank=True,
        verbose_name=_("depends on"),
    )
    source_meeting = models.ForeignKey(
        "commissions.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions_created",
        verbose_name=_("decided at meeting"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["target_date", "pk"]
        indexes = [
            models.Index(fields=["status", "target_date"]),
            models.Index(fields=["horizon", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="action_progress_max_100"
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(target_date__isnull=True)
                | models.Q(target_date__gte=models.F("start_date")),
                name="action_target_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="abandoned") | ~models.Q(abandon_reason=""),
                name="action_abandoned_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissions:action", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.IDEA, self.Status.PLANNED, self.Status.IN_PROGRESS}

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.target_date and self.target_date < timezone.localdate())

    @property
    def budget_left(self) -> Decimal:
        return self.planned_budget - self.spent_budget


class Milestone(models.Model):
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("action")
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("reached at"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("action")
    )
    name = models.CharField(_("name"), max_length=150)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    current_value = models.DecimalField(
        _("current value"), max_digits=14, decimal_places=2, default=Decimal("0")
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def percent(self) -> int:
        if not self.target_value:
            return 0
        return max(0, min(100, int(self.current_value * 100 / self.target_value)))


def document_path(instance, filename: str) -> str:
    """Unguessable storage path; files are served through a view that checks permissions."""
    return f"commissions/documents/{uuid.uuid4().hex}/{filename}"


class ActionLink(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", _("Event")
        DOCUMENT = "document", _("Document")

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="links", verbose_name=_("action")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address (URL)"), blank=True)
    file = models.FileField(_("file"), upload_to=document_path, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        if self.file:
            return reverse("commissions:link_file", args=[self.pk])
        return self.url


class ActionComment(models.Model):
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="comments", verbose_name=_("action")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"))
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("mentioned")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]

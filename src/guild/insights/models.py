"""Representativeness baselines (Sirene imports), region and publication settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InsightsSettings(models.Model):
    """One row: the region whose digital sector is measured, and what the board publishes."""

    region_name = models.CharField(_("region name"), max_length=100, default="Nouvelle-Aquitaine")
    departements = models.CharField(
        _("départements of the region"),
        max_length=200,
        default="16,17,19,23,24,33,40,47,64,79,86,87",
        help_text=_("INSEE codes separated by commas, for example 19,23,87."),
    )
    publish_by_departement = models.BooleanField(
        _("publish representativeness by département"), default=True
    )
    publish_by_naf = models.BooleanField(_("publish representativeness by NAF code"), default=False)
    publish_by_headcount = models.BooleanField(
        _("publish representativeness by headcount band"), default=False
    )
    publish_jobs = models.BooleanField(_("publish estimated jobs represented"), default=True)
    publish_growth = models.BooleanField(_("publish membership growth"), default=False)
    publish_independence = models.BooleanField(_("publish independence figures"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("insights settings")
        verbose_name_plural = _("insights settings")

    def __str__(self) -> str:
        return str(self.region_name)

    @property
    def departement_list(self) -> list[str]:
        return [code.strip().upper() for code in self.departements.split(",") if code.strip()]


class Baseline(models.Model):
    """One Sirene import: the region's active digital establishments at a date."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_name = models.CharField(_("file"), max_length=255)
    stock_date = models.DateField(_("register date"), null=True, blank=True)
    region_name = models.CharField(_("region"), max_length=100)
    departements = models.CharField(_("départements"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    is_current = models.BooleanField(_("current baseline"), default=False)
    rows_read = models.PositiveBigIntegerField(_("rows read"), default=0)
    rows_kept = models.PositiveIntegerField(_("establishments kept"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    duration_seconds = models.FloatField(_("duration (s)"), default=0)

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="insights_one_current_baseline",
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(status="succeeded"),
                name="insights_current_baseline_succeeded",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source_name} ({self.created_at:%Y-%m-%d})"


class Establishment(models.Model):
    """An active establishment of the region's digital sector, as listed in one baseline."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="establishments")
    siren = models.CharField(_("SIREN"), max_length=9, db_index=True)
    siret = models.CharField(_("SIRET"), max_length=14, db_index=True)
    naf_version = models.CharField(_("nomenclature"), max_length=10)
    naf_code = models.CharField(_("NAF code"), max_length=6)
    headcount_band = models.CharField(_("headcount band"), max_length=2)
    estimated_jobs = models.DecimalField(_("estimated jobs"), max_digits=8, decimal_places=1)
    departement = models.CharField(_("département"), max_length=3)
    commune_code = models.CharField(_("commune code"), max_length=5)
    commune_name = models.CharField(_("commune"), max_length=100, blank=True)
    created_on = models.DateField(_("created on"), null=True, blank=True)

    class Meta:
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")
        constraints = [
            models.UniqueConstraint(
                fields=["baseline", "siret"], name="insights_establishment_unique"
            ),
        ]
        indexes = [models.Index(fields=["baseline", "departement"])]

    def __str__(self) -> str:
        return self.siret

"""General assemblies: roll, proxies, attendance, resolutions and secret ballots."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assembly(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary general assembly")
        EXTRAORDINARY = "extraordinary", _("extraordinary general assembly")

    class Status(models.TextChoices):
        DRAFT = "draft", _("in preparation")
        CONVENED = "convened", _("convened")
        OPEN = "open", _("in session")
        CLOSED = "closed", _("closed")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.ORDINARY)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=255)
    remote_url = models.URLField(_("remote attendance link"), blank=True)
    second_convocation = models.BooleanField(_("second convocation"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    policy = models.ForeignKey(
        "governance.BylawsPolicy", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    roll_weight = models.DecimalField(max_digits=12, decimal_places=4, default=Decimal("0"))
    roll_count = models.PositiveIntegerField(default=0)
    minutes_pdf = models.FileField(_("minutes"), upload_to="governance/minutes/", blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    minutes_president = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_president_at = models.DateTimeField(null=True, blank=True)
    minutes_secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_secretary_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("general assembly")
        verbose_name_plural = _("general assemblies")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return self.title


class AssemblyDocument(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="governance/assemblies/")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("assembly document")
        verbose_name_plural = _("assembly documents")

    def __str__(self) -> str:
        return self.title


class Voter(models.Model):
    """One line of the voter roll, frozen at convocation."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="voters")
    membership = models.ForeignKey("members.Membership", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("member"), max_length=255)
    representative = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(blank=True)
    college = models.CharField(_("college"), max_length=100, blank=True)
    group_id_key = models.PositiveIntegerField(null=True, blank=True)
    base_weight = models.DecimalField(_("college weight"), max_digits=10, decimal_places=4)
    weight = models.DecimalField(_("weight"), max_digits=10, decimal_places=4)
    capped = models.BooleanField(_("group cap applied"), default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("voter")
        verbose_name_plural = _("voter roll")
        constraints = [
            models.UniqueConstraint(fields=["assembly", "membership"], name="voter_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Proxy(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="proxies")
    giver = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="proxies_given")
    holder = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="proxies_held")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["giver"],
                condition=Q(revoked_at__isnull=True),
                name="proxy_one_active_per_giver",
            ),
            models.CheckConstraint(
                condition=~Q(giver=models.F("holder")), name="proxy_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"


class Attendance(models.Model):
    class Mode(models.TextChoices):
        PRESENT = "present", _("present")
        REMOTE = "remote", _("remote")

    voter = models.OneToOneField(Voter, on_delete=models.CASCADE, related_name="attendance")
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="attendances")
    mode = models.CharField(_("attendance"), max_length=8, choices=Mode.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance sheet")

    def __str__(self) -> str:
        return f"{self.voter} ({self.mode})"


class Resolution(models.Model):
    class Kind(models.TextChoices):
        MOTION = "motion", _("resolution")
        ELECTION = "election", _("election")

    class Status(models.TextChoices):
        DRAFT = "draft", _("not yet voted")
        OPEN = "open", _("vote open")
        CLOSED = "closed", _("vote closed")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="resolutions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MOTION)
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    decision_type = models.CharField(_("decision type"), max_length=12)
    secret = models.BooleanField(_("secret ballot"), default=False)
    seats = models.PositiveSmallIntegerField(_("seats to fill"), default=1)
    body = models.ForeignKey(
        "governance.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("body elected"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(_("statement"), blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "person"], name="candidate_unique"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class Participation(models.Model):
    """ "Has voted": one row per roll line and resolution, whether cast in person or by proxy.

    It carries no timestamp and a random key, and shares nothing with :class:`Ballot`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="participations"
    )
    voter = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="participations")
    by_proxy = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "voter"], name="participation_one_per_voter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} ✓"


class Ballot(models.Model):
    """An anonymous ballot: random key, no timestamp, no link to a voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="ballots")
    weight = models.DecimalField(max_digits=10, decimal_places=4)
    choice = models.CharField(max_length=8, blank=True)
    candidates = models.JSONField(default=list, blank=True)
    receipt = models.CharField(max_length=16, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["receipt"]

    def __str__(self) -> str:
        return self.receipt

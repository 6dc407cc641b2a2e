"""Organisations, people, membership categories and colleges, memberships and their history."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guild.core.models import TimeStampedModel
from guild.members.constants import HeadcountBand, MembershipStatus


class NafVersion(models.TextChoices):
    NAF_REV2 = "NAFRev2", _("NAF rev. 2 (2008)")
    NAF_2025 = "NAF2025", _("NAF 2025")


class NafCode(models.Model):
    """Reference table of activity codes, shipped as data, digital-sector codes flagged."""

    version = models.CharField(_("nomenclature"), max_length=10, choices=NafVersion.choices)
    code = models.CharField(_("code"), max_length=6)
    label = models.CharField(_("label"), max_length=255)
    is_digital = models.BooleanField(_("digital sector"), default=False, db_index=True)

    class Meta:
        verbose_name = _("NAF code")
        verbose_name_plural = _("NAF codes")
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="nafcode_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"


class CompanyGroup(models.Model):
    """A group of companies (same owner); one group's votes may be capped by the bylaws."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    siren_head = models.CharField(_("head company SIREN"), max_length=9, blank=True)

    class Meta:
        verbose_name = _("company group")
        verbose_name_plural = _("company groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(TimeStampedModel):
    legal_name = models.CharField(_("legal name"), max_length=255)
    trade_name = models.CharField(_("trade name"), max_length=255, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, null=True, blank=True, unique=True)
    siret = models.CharField(
        _("SIRET (head office)"), max_length=14, null=True, blank=True, unique=True
    )
    vat_number = models.CharField(_("intra-EU VAT number"), max_length=20, blank=True)
    naf = models.ForeignKey(
        NafCode,
        verbose_name=_("NAF code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    legal_form = models.CharField(_("legal form"), max_length=100, blank=True)
    headcount_band = models.CharField(
        _("headcount band"),
        max_length=2,
        choices=HeadcountBand.choices,
        default=HeadcountBand.UNKNOWN,
    )
    address_line = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("commune"), max_length=100, blank=True)
    commune_code = models.CharField(
        _("INSEE commune code"), max_length=5, blank=True, db_index=True
    )
    departement = models.CharField(_("département"), max_length=3, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/", blank=True)
    group = models.ForeignKey(
        CompanyGroup,
        verbose_name=_("company group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    directory_listed = models.BooleanField(_("listed in the public member list"), default=False)
    description = models.TextField(_("presentation"), max_length=1000, blank=True)
    # Visibility of each field in the member list ("public", "members", "hidden"), the same
    # levels as the sourcing directory (``guild.sourcing.models.Visibility``).
    directory_visibility = models.JSONField(
        _("visibility in the member list"), default=dict, blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.trade_name or self.legal_name

    @property
    def display_name(self) -> str:
        return str(self)


class Person(TimeStampedModel):
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    is_independent = models.BooleanField(_("independent (freelancer)"), default=False)
    siret = models.CharField(_("SIRET (freelancer)"), max_length=14, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("commune"), max_length=100, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True, db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="person_email_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    @property
    def full_name(self) -> str:
        return str(self)


class College(models.Model):
    """An electoral college; its weight multiplies its members' votes (bylaws policy)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(
        _("vote weight"), max_digits=6, decimal_places=3, default=Decimal("1.000")
    )

    class Meta:
        verbose_name = _("college")
        verbose_name_plural = _("colleges")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipCategory(models.Model):
    class Holder(models.TextChoices):
        ORGANISATION = "organisation", _("an organisation")
        PERSON = "person", _("a person")

    class DuesRule(models.TextChoices):
        FIXED = "fixed", _("fixed amount")
        HEADCOUNT = "headcount", _("by headcount band")
        FREE = "free", _("free amount with a minimum")

    class Period(models.TextChoices):
        CALENDAR = "calendar", _("calendar year")
        ROLLING = "rolling", _("rolling 12 months")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    holder = models.CharField(_("held by"), max_length=12, choices=Holder.choices)
    college = models.ForeignKey(
        College,
        verbose_name=_("college"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="categories",
    )
    voting = models.BooleanField(_("voting right"), default=True)
    seats_fixed = models.PositiveSmallIntegerField(_("seats included"), default=1)
    seats_per_employees = models.PositiveSmallIntegerField(
        _("one extra seat per block of employees"),
        null=True,
        blank=True,
        help_text=_("For example 3: one seat per block of 3 employees."),
    )
    dues_rule = models.CharField(
        _("dues rule"), max_length=10, choices=DuesRule.choices, default=DuesRule.FIXED
    )
    dues_amount = models.DecimalField(
        _("amount (or minimum)"), max_digits=10, decimal_places=2, default=Decimal("0.00")
    )
    dues_table = models.JSONField(_("amounts by headcount band"), default=dict, blank=True)
    vat_rate = models.DecimalField(
        _("VAT rate (%)"), max_digits=5, decimal_places=2, default=Decimal("0.00")
    )
    period = models.CharField(
        _("period"), max_length=10, choices=Period.choices, default=Period.CALENDAR
    )
    grace_days = models.PositiveSmallIntegerField(_("grace period (days)"), default=60)
    admission_required = models.BooleanField(_("admission procedure applies"), default=True)
    open_for_applications = models.BooleanField(_("open to online applications"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive category is kept for history but no longer offered."),
    )

    class Meta:
        verbose_name = _("membership category")
        verbose_name_plural = _("membership categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    category = models.ForeignKey(
        MembershipCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.APPLIED,
        db_index=True,
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    admitted_at = models.DateTimeField(_("admitted at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    dues_amount = models.DecimalField(
        _("dues (net)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    contact = models.ForeignKey(
        Person,
        verbose_name=_("contact / manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    application_data = models.JSONField(_("application data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-applied_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, person__isnull=True)
                    | Q(organisation__isnull=True, person__isnull=False)
                ),
                name="membership_exactly_one_holder",
            ),
            # One ongoing membership per holder (applications included), whatever the race.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=["applied", "admitted", "awaiting_payment", "active"]),
                name="membership_one_ongoing_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["applied", "admitted", "awaiting_payment", "active"]),
                name="membership_one_ongoing_per_person",
            ),
        ]
        indexes = [models.Index(fields=["status", "period_end"])]

    def __str__(self) -> str:
        return f"{self.holder_name} – {self.category}"

    @property
    def holder(self):
        return self.organisation or self.person

    @property
    def holder_name(self) -> str:
        return str(self.holder) if self.holder else "?"


class MembershipEvent(models.Model):
    """History of a membership: every status change, with who and why."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership history")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Seat(models.Model):
    """A person attached to an organisation's membership (seat); the manager runs the seats."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("manager")
        MEMBER = "member", _("member")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "person"],
                condition=Q(removed_at__isnull=True),
                name="seat_unique_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.membership}"


class SeatInvitation(models.Model):
    """An invitation, sent by an organisation's manager, to take a seat of its membership."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="seat_invitations"
    )
    email = models.EmailField(_("e-mail"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat invitation")
        verbose_name_plural = _("seat invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "membership",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="seat_invitation_unique_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.membership}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class ImportBatch(TimeStampedModel):
    """One uploaded member file (HelloAsso, Galette, Paheko or Guild template) and its outcome.

    ``file_hash`` identifies the file: re-importing it matches every row to what the first
    import created. ``outcomes`` keeps one entry per row (line, outcome, ids, errors).
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        CHECKED = "checked", _("dry run done")
        IMPORTED = "imported", _("imported")
        REJECTED = "rejected", _("rejected")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to="member-imports/")
    filename = models.CharField(_("file name"), max_length=255)
    file_hash = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    source_format = models.CharField(_("format"), max_length=20)
    default_category = models.ForeignKey(
        MembershipCategory,
        verbose_name=_("default category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    summary = models.JSONField(_("import summary"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    outcomes = models.JSONField(_("outcome per row"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class DuesReminderStep(models.Model):
    """One step of the dues reminder schedule, in days relative to the invoice's due date."""

    offset_days = models.SmallIntegerField(
        _("days from the due date"),
        unique=True,
        help_text=_("Negative: before the due date; 0: on the day; positive: after it."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("dues reminder step")
        verbose_name_plural = _("dues reminder schedule")
        ordering = ["offset_days"]
        constraints = [
            models.CheckConstraint(
                condition=Q(offset_days__gte=-365, offset_days__lte=365),
                name="reminder_offset_within_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offset_days:+d}"


class DuesCallRun(models.Model):
    """One launch of the yearly dues call; its counters show progress while it runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("launched at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    due_count = models.PositiveIntegerField(_("memberships due"), default=0)
    invoiced = models.PositiveIntegerField(_("invoices"), default=0)
    emailed = models.PositiveIntegerField(_("e-mails queued"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("dues call run")
        verbose_name_plural = _("dues call runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()})"

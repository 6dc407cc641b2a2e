"""Bodies (board, executive board, commission bureaus), mandates and declarations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Body(models.Model):
    class Kind(models.TextChoices):
        BOARD = "board", _("board of directors")
        EXECUTIVE = "executive", _("executive board")
        COMMISSION_BUREAU = "commission_bureau", _("commission bureau")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    seats = models.PositiveSmallIntegerField(pgettext_lazy("board", "seats"), default=0)
    admission_body = models.BooleanField(_("decides on admissions"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Mandate(models.Model):
    class Role(models.TextChoices):
        PRESIDENT = "president", _("président")
        VICE_PRESIDENT = "vice_president", _("vice-président")
        TREASURER = "treasurer", _("trésorier")
        SECRETARY = "secretary", _("secrétaire")
        CHAIR = "chair", _("chair")
        MEMBER = "member", _("member")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("body")
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end of term"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    renewal_class = models.PositiveSmallIntegerField(_("renewal class"), null=True, blank=True)
    elected_at = models.ForeignKey(
        "governance.Resolution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates",
    )

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["body", "role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=Q(ended_on__isnull=True),
                name="mandate_one_current_per_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} ({self.body})"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (
            self.starts_on <= on
            and (self.ended_on is None or self.ended_on > on)
            and (self.ends_on is None or self.ends_on >= on)
        )


class Declaration(models.Model):
    """Yearly declaration of interests and elected offices."""

    person = models.ForeignKey(
        "members.Person",
        on_delete=models.CASCADE,
        related_name="declarations",
        verbose_name=_("person"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    employer = models.CharField(_("employer and position"), max_length=255, blank=True)
    holdings = models.TextField(_("holdings in companies"), blank=True)
    business_ties = models.TextField(_("business ties with the association"), blank=True)
    public_funding_ties = models.TextField(_("ties with public funders"), blank=True)
    no_elected_office = models.BooleanField(_("I hold no elected office"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("declaration of interests")
        verbose_name_plural = _("declarations of interests")
        ordering = ["-year", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="declaration_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year}"


class ElectedOffice(models.Model):
    class Level(models.TextChoices):
        COMMUNE = "commune", _("commune")
        INTERCOMMUNAL = "intercommunal", _("intercommunality")
        DEPARTEMENT = "departement", _("département")
        REGION = "region", _("region")
        NATIONAL = "national", _("national")
        EUROPEAN = "european", _("European")

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", _("executive (mayor, president, deputy)")
        COUNCILLOR = "councillor", _("councillor")
        PARLIAMENT = "parliament", _("member of parliament or senator")
        PARTY = "party", _("party office")
        OTHER = "other", _("other")

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="offices")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=14, choices=Level.choices)
    title = models.CharField(_("office"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("elected office")
        verbose_name_plural = _("elected offices")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.title

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

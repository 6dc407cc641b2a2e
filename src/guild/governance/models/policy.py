"""The bylaws policy: the rules the statutes set, versioned with an effective date."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DecisionType(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary decision")
    BYLAWS = "bylaws", _("bylaws change")
    DISSOLUTION = "dissolution", _("dissolution")
    ADMISSION = "admission", _("admission")
    EXCLUSION = "exclusion", _("exclusion")
    ELECTION = "election", _("election")


class Majority(models.TextChoices):
    SIMPLE = "simple", _("simple majority (more yes than no)")
    ABSOLUTE = "absolute", _("absolute majority (more than half of the votes cast)")
    TWO_THIRDS = "two_thirds", _("two thirds of the votes expressed")


class AdmissionMode(models.TextChoices):
    OPEN = "open", _("open (no approval)")
    BODY = "body", _("approval by the admission body")
    SPONSORSHIP = "sponsorship", _("sponsorship by members, then approval")


class ProxyHolderRule(models.TextChoices):
    ANY_VOTER = "any_voter", _("any member on the voter roll")
    SAME_COLLEGE = "same_college", _("a member of the same college")


DEFAULT_DECISION_RULES = {
    "ordinary": {"quorum_first": "25", "quorum_second": "0", "majority": "simple", "secret": False},
    "bylaws": {
        "quorum_first": "50",
        "quorum_second": "25",
        "majority": "two_thirds",
        "secret": False,
    },
    "dissolution": {
        "quorum_first": "66.67",
        "quorum_second": "50",
        "majority": "two_thirds",
        "secret": True,
    },
    "admission": {
        "quorum_first": "50",
        "quorum_second": "50",
        "majority": "absolute",
        "secret": True,
    },
    "exclusion": {
        "quorum_first": "50",
        "quorum_second": "33",
        "majority": "two_thirds",
        "secret": True,
    },
    "election": {"quorum_first": "25", "quorum_second": "0", "majority": "simple", "secret": True},
}

DEFAULT_REFUSAL_REASONS = [
    "Activité sans lien avec le numérique ou hors du territoire de l'association",
    "Dossier incomplet ou informations inexactes",
    "Parrainages insuffisants ou non confirmés",
    "Exclusion antérieure de l'association non levée",
    "Comportement contraire au règlement intérieur lors d'activités de l'association",
]

DEFAULT_PUBLIC_FIELDS = ["elected_offices", "employer", "business_ties", "public_funding_ties"]


class BylawsPolicy(models.Model):
    """One version of the policy. Versions are never edited: a change is a new version."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    effective_from = models.DateField(_("effective from"))
    note = models.TextField(_("what changed and why"), blank=True)
    # admissions
    admission_mode = models.CharField(
        _("admission procedure"),
        max_length=12,
        choices=AdmissionMode.choices,
        default=AdmissionMode.SPONSORSHIP,
    )
    sponsors_required = models.PositiveSmallIntegerField(_("sponsors required"), default=2)
    sponsor_seniority_months = models.PositiveSmallIntegerField(
        _("sponsor seniority (months)"), default=12
    )
    sponsorships_per_year = models.PositiveSmallIntegerField(
        _("sponsorships per sponsor and year"), default=3
    )
    refusal_reasons = models.JSONField(_("refusal reasons"), default=list, blank=True)
    # voting rights
    probation_months = models.PositiveSmallIntegerField(
        _("probation before voting rights (months)"), default=6
    )
    group_vote_cap_percent = models.DecimalField(
        _("cap on one company group's votes (% of all votes)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
    )
    max_proxies = models.PositiveSmallIntegerField(_("most proxies one member may hold"), default=2)
    proxy_holder_rule = models.CharField(
        _("who may hold a proxy"),
        max_length=14,
        choices=ProxyHolderRule.choices,
        default=ProxyHolderRule.ANY_VOTER,
    )
    # assemblies
    notice_days = models.PositiveSmallIntegerField(_("notice period (days)"), default=15)
    decision_rules = models.JSONField(_("rules by decision type"), default=dict)
    secret_request_percent = models.DecimalField(
        _("share of those present who may request a secret ballot (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20.00"),
    )
    # board
    board_seats = models.PositiveSmallIntegerField(_("board seats"), default=12)
    board_term_years = models.PositiveSmallIntegerField(_("term length (years)"), default=3)
    board_renewal_by_thirds = models.BooleanField(_("board renewed by thirds"), default=True)
    # incompatibilities and independence
    elected_office_bars_executive = models.BooleanField(
        _("an elected political office bars a seat on the executive board"), default=True
    )
    max_board_seats_with_elected_office = models.PositiveSmallIntegerField(
        _("most board seats held by people with an elected office"), default=2
    )
    public_money_ceiling_percent = models.DecimalField(
        _("ceiling on public money in revenue (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30.00"),
    )
    public_declaration_fields = models.JSONField(
        _("public parts of declarations"), default=list, blank=True
    )
    # entryism alerts
    wave_days = models.PositiveSmallIntegerField(_("wave window (days)"), default=7)
    wave_threshold = models.PositiveSmallIntegerField(
        _("applications sharing a trait that make a wave"), default=3
    )
    surge_days = models.PositiveSmallIntegerField(
        _("surge window before an assembly (days)"), default=60
    )
    surge_factor = models.DecimalField(
        _("surge factor over the usual rate"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
    )
    sponsor_concentration_percent = models.DecimalField(
        _("sponsor concentration alert (% of a year's applications)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
    )
    board_vote_days = models.PositiveSmallIntegerField(_("board vote duration (days)"), default=7)
    board_vote_quorum_percent = models.DecimalField(
        _("board vote quorum (%)"), max_digits=5, decimal_places=2, default=Decimal("50.00")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bylaws policy")
        verbose_name_plural = _("bylaws policies")
        ordering = ["-effective_from", "-version"]

    def __str__(self) -> str:
        return _("Policy v%(version)s from %(date)s") % {
            "version": self.version,
            "date": self.effective_from,
        }

    def rule(self, decision_type: str) -> dict:
        rules = self.decision_rules or DEFAULT_DECISION_RULES
        rule = dict(DEFAULT_DECISION_RULES["ordinary"])
        rule.update(rules.get(decision_type) or {})
        return rule

    def reasons(self) -> list[str]:
        return list(self.refusal_reasons or DEFAULT_REFUSAL_REASONS)

    def public_fields(self) -> list[str]:
        if self.public_declaration_fields is None:
            return list(DEFAULT_PUBLIC_FIELDS)
        return list(self.public_declaration_fields)

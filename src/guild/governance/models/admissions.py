"""Admissions: the application file, its sponsors, alerts and the body's vote."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Application(models.Model):
    class Stage(models.TextChoices):
        SPONSORSHIP = "sponsorship", _("awaiting sponsors")
        REVIEW = "review", _("under review by the admission body")
        ADMITTED = "admitted", _("admitted")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    membership = models.OneToOneField(
        "members.Membership",
        on_delete=models.CASCADE,
        related_name="admission",
        verbose_name=_("membership"),
    )
    policy = models.ForeignKey(
        "governance.BylawsPolicy", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.SPONSORSHIP, db_index=True
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    # traits compared to detect waves (normalised; the IBAN only as a hash)
    email_domain = models.CharField(max_length=120, blank=True, db_index=True)
    address_key = models.CharField(max_length=200, blank=True, db_index=True)
    phone_key = models.CharField(max_length=20, blank=True, db_index=True)
    network_block = models.CharField(_("network block"), max_length=50, blank=True, db_index=True)
    iban_hash = models.CharField(max_length=64, blank=True, db_index=True)
    group_id_key = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    flagged = models.BooleanField(_("flagged"), default=False, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.membership.holder_name)


class Sponsorship(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="sponsorships"
    )
    sponsor = models.ForeignKey(
        "members.Membership",
        on_delete=models.PROTECT,
        related_name="sponsorships_given",
        verbose_name=_("sponsor"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("sponsorship")
        verbose_name_plural = _("sponsorships")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "sponsor"], name="sponsorship_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor.holder_name} → {self.application}"


class EntryismAlert(models.Model):
    class Kind(models.TextChoices):
        EMAIL_DOMAIN = "email_domain", _("wave sharing an e-mail domain")
        SPONSOR = "sponsor", _("wave sharing a sponsor")
        ADDRESS = "address", _("wave sharing a postal address")
        PHONE = "phone", _("wave sharing a phone number")
        NETWORK = "network", _("wave from one network block")
        IBAN = "iban", _("wave paid from one IBAN")
        GROUP = "group", _("wave from one company group")
        SURGE = "surge", _("surge before an assembly")
        SPONSOR_CONCENTRATION = "sponsor_concentration", _("sponsor concentration")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    key = models.CharField(_("shared trait"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("applications involved"), default=0)
    related_ids = models.JSONField(default=list, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("entryism alert")
        verbose_name_plural = _("entryism alerts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="alert_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.count})"


class BoardVote(models.Model):
    """An electronic vote of a body between assemblies (admissions, urgent decisions)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        PENDING = "", _("pending")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        NO_QUORUM = "no_quorum", _("quorum not reached")

    body = models.ForeignKey(
        "governance.Body", on_delete=models.PROTECT, related_name="votes", verbose_name=_("body")
    )
    title = models.CharField(_("question"), max_length=255)
    description = models.TextField(_("details"), blank=True)
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    majority = models.CharField(_("majority"), max_length=12, default="absolute")
    quorum_percent = models.DecimalField(
        _("quorum (%)"), max_digits=5, decimal_places=2, default=Decimal("50")
    )
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    electorate = models.PositiveIntegerField(_("members entitled to vote"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    tally = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("board vote")
        verbose_name_plural = _("board votes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class BoardVoteResponse(models.Model):
    class Choice(models.TextChoices):
        APPROVE = "approve", _("approve")
        REFUSE = "refuse", _("refuse")
        ABSTAIN = "abstain", _("abstain")

    vote = models.ForeignKey(BoardVote, on_delete=models.CASCADE, related_name="responses")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)
    reason = models.CharField(_("refusal reason"), max_length=300, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("board vote response")
        verbose_name_plural = _("board vote responses")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "voter"], name="boardvote_one_per_voter"),
            models.CheckConstraint(
                condition=~Q(choice="refuse") | ~Q(reason=""), name="boardvote_refusal_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.choice}"


class Recusal(models.Model):
    """A member of the body declared an interest in the applicant: they do not vote."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    interest = models.CharField(_("declared interest"), max_length=300)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="recusal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.interest})"

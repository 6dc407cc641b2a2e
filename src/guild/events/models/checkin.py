"""Check-in lists (whole event, one day, one room, VIP area) and recorded scans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guild.events.models.event import Event, TicketType
from guild.events.models.registration import Registration


class CheckinList(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="checkin_lists")
    name = models.CharField(_("name"), max_length=100)
    day = models.DateField(_("only on"), null=True, blank=True)
    ticket_types = models.ManyToManyField(
        TicketType,
        verbose_name=_("ticket types admitted"),
        blank=True,
        related_name="+",
        help_text=_("Empty means every ticket type."),
    )
    multi_entry = models.BooleanField(
        _("re-entry allowed"),
        default=True,
        help_text=_("Attendees may come back after an exit scan. Otherwise one entry only."),
    )
    include_pending = models.BooleanField(_("admit unpaid orders"), default=False)

    class Meta:
        verbose_name = _("check-in list")
        verbose_name_plural = _("check-in lists")
        ordering = ["event", "name"]

    def __str__(self) -> str:
        return self.name


class Scan(models.Model):
    """One accepted entry or exit. The nonce, chosen by the scanning device, is unique: a scan
    synced twice (offline queue, network retry) is recorded once and answered the same way.
    Refused scans are answered with their reason and write nothing.

    ``seq`` numbers a badge's scans on a list (1, 2, …) and is unique with them: a scan is
    written with the number after the last one its request read, so of two concurrent scans
    of one badge only one can be written (the other re-reads and is refused), without a lock
    or an explicit transaction on the door's hot path."""

    class Direction(models.TextChoices):
        ENTRY = "entry", _("entry")
        EXIT = "exit", _("exit")

    nonce = models.CharField(max_length=64)
    # The foreign keys' own indexes are left out: the constraint and index below start with
    # these columns and serve the same look-ups (every index costs on each scan written).
    checkin_list = models.ForeignKey(
        CheckinList, on_delete=models.CASCADE, related_name="scans", db_index=False
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="scans", db_index=False
    )
    direction = models.CharField(max_length=5, choices=Direction.choices, default=Direction.ENTRY)
    gate = models.CharField(_("door"), max_length=40, blank=True)
    scanned_at = models.DateTimeField(_("scanned at"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    offline = models.BooleanField(default=False)
    seq = models.PositiveIntegerField(default=1, editable=False)
    # Who scanned; only read when that account is deleted (set to null), which can afford a
    # sequential scan, so no index to maintain on each scan.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-scanned_at"]
        constraints = [
            # A unique constraint rather than ``unique=True``: same guarantee, without the
            # extra pattern-matching index PostgreSQL would get for a unique text field.
            models.UniqueConstraint(fields=["nonce"], name="scan_nonce_unique"),
            # Also the index of a badge's scans on a list (the door's read).
            models.UniqueConstraint(
                fields=["registration", "checkin_list", "seq"], name="scan_one_per_seq"
            ),
        ]
        indexes = [
            models.Index(
                fields=["checkin_list", "direction", "scanned_at"], name="scan_list_counts_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.registration_id} {self.nonce}"

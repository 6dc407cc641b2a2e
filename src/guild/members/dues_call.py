"""The yearly dues call and the dues reminders.

The treasurer invoices every membership due and e-mails the invoices. The call works in
chunks: one transaction per chunk (the invoice counter stays locked for the chunk, so numbers
stay continuous), existing invoices and already-queued e-mails looked up once per chunk, and
the chunk's e-mails inserted together. Each invoice is still numbered by
``billing.services.invoice_issue`` (gap-free sequence, audit entry).

Safe to run twice: ``membership_invoice_dues`` returns the year's existing invoice and the
e-mails carry a dedupe key, so a second run sends nothing new.

Reminders follow the schedule stored in :class:`~guild.members.models.DuesReminderStep` (days
relative to the invoice's due date). The periodic job sends, for each unpaid dues invoice,
the latest step whose day has come, once (outbox ``dedupe_key``); steps missed while the job
was not running are not sent late on top of a later one.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from guild.core.audit import audit_log
from guild.core.identity import get_identity
from guild.core.models import OutgoingEmail
from guild.core.outbox import render_email
from guild.members.constants import MembershipStatus
from guild.members.models import DuesCallRun, DuesReminderStep, Membership
from guild.members.services import DUES_SOURCE, membership_invoice_dues

S = MembershipStatus
DUE_STATUSES = (S.ACTIVE, S.AWAITING_PAYMENT, S.ADMITTED)
CHUNK = 250
CALL_TEMPLATE = "members/email/dues_call"
REMINDER_TEMPLATE = "members/email/dues_reminder"


def memberships_due(year: int):
    return (
        Membership.objects.filter(status__in=DUE_STATUSES)
        .exclude(period_end__year__gt=year)
        .select_related("category", "organisation", "person", "contact")
        .order_by("pk")
    )


def call_dedupe_key(invoice) -> str:
    return f"dues-call:{invoice.number}"


def reminder_dedupe_key(invoice, year, offset: int) -> str:
    return f"dues-reminder:{year}:{invoice.number}:{offset:+d}"


def _member_url() -> str:
    return settings.SITE_URL + reverse("members:my_membership")


def emails_queue_batch(messages: list[dict]) -> int:
    """Record several outbox e-mails in one insert and send each from a task after commit.

    ``messages`` are dicts with ``to``, ``template``, ``context`` and ``dedupe_key``. Keys
    already in the outbox are skipped (one query for the batch), so a batch is idempotent.
    Returns the number of e-mails recorded.
    """
    if not messages:
        return 0
    keys = [m["dedupe_key"] for m in messages]
    existing = set(
        OutgoingEmail.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    identity = get_identity()
    from_email = settings.DEFAULT_FROM_EMAIL
    if identity.name and "<" in from_email:
        from_email = f"{identity.name} <{from_email.split('<', 1)[1]}"
    language = settings.LANGUAGE_CODE
    rows, seen = [], set()
    for message in messages:
        key = message["dedupe_key"]
        if key in existing or key in seen:
            continue
        seen.add(key)
        subject, text, html = render_email(message["template"], message["context"], language)
        rows.append(
            OutgoingEmail(
                to=message["to"],
                from_email=from_email,
                reply_to=identity.contact_email or "",
                subject=subject[:255],
                body_text=text,
                body_html=html,
                headers={},
                language=language,
                template=message["template"],
                category="members",
                dedupe_key=key,
            )
        )
    if not rows:
        return 0
    with transaction.atomic():
        created = OutgoingEmail.objects.bulk_create(rows)
        ids = [row.pk for row in created if row.pk]
        if len(ids) != len(created):  # backend without RETURNING: read the ids back
            ids = list(
                OutgoingEmail.objects.filter(
                    dedupe_key__in=[r.dedupe_key for r in rows]
                ).values_list("pk", flat=True)
            )
        transaction.on_commit(lambda: _enqueue_all(ids))
    return len(rows)


def _enqueue_all(ids: list[int]) -> None:
    from guild.members.tasks import dues_emails_send

    dues_emails_send.enqueue(ids)


def dues_call_run(
    *, actor, year: int, send_emails: bool = True, run: DuesCallRun | None = None
) -> dict:
    """Invoice the dues of ``year`` for every membership due; returns counts.

    ``run`` (optional) receives progress counters after each chunk.
    """
    invoiced = emailed = 0
    ids = list(memberships_due(year).values_list("pk", flat=True))
    if run is not None:
        DuesCallRun.objects.filter(pk=run.pk).update(
            status=DuesCallRun.Status.RUNNING, due_count=len(ids)
        )
    url = _member_url()
    for start in range(0, len(ids), CHUNK):
        chunk_ids = ids[start : start + CHUNK]
        done = mailed = 0
        with transaction.atomic():
            # Row locks: a second run started at the same time waits for this chunk, then
            # finds its invoices (PostgreSQL; SQLite serialises writing transactions anyway).
            chunk = list(
                memberships_due(year).filter(pk__in=chunk_ids).select_for_update(of=("self",))
            )
            messages = []
            for membership in chunk:
                invoice = membership_invoice_dues(actor=actor, membership=membership, year=year)
                done += 1
                if (
                    send_emails
                    and invoice.status == invoice.Status.ISSUED
                    and invoice.customer_email
                ):
                    messages.append(
                        {
                            "to": invoice.customer_email,
                            "template": CALL_TEMPLATE,
                            "context": {
                                "invoice": invoice,
                                "membership": membership,
                                "year": year,
                                "url": url,
                            },
                            "dedupe_key": call_dedupe_key(invoice),
                        }
                    )
                    mailed += 1
            emails_queue_batch(messages)
            if run is not None:
                DuesCallRun.objects.filter(pk=run.pk).update(
                    invoiced=F("invoiced") + done, emailed=F("emailed") + mailed
                )
        invoiced += done
        emailed += mailed
    audit_log(
        actor=actor,
        action="membership.dues_call",
        target=None,
        data={"year": year, "invoiced": invoiced, "emailed": emailed},
    )
    if run is not None:
        DuesCallRun.objects.filter(pk=run.pk).update(
            status=DuesCallRun.Status.DONE, finished_at=timezone.now()
        )
    return {"invoiced": invoiced, "emailed": emailed}


# --- reminders --------------------------------------------------------------------------------


def _unpaid_dues_invoices():
    from guild.billing.models import Invoice

    return Invoice.objects.filter(source_type=DUES_SOURCE, status=Invoice.Status.ISSUED).order_by(
        "pk"
    )


def reminder_step_due(due_date: date, offsets: list[int], today: date) -> int | None:
    """The latest schedule step whose day has come for an invoice due on ``due_date``."""
    passed = [offset for offset in offsets if due_date + timedelta(days=offset) <= today]
    return max(passed) if passed else None


def dues_reminders_send(*, today: date | None = None) -> int:
    """Periodic job: queue the reminder e-mails due today; each one is sent once."""
    today = today or timezone.localdate()
    offsets = sorted(
        DuesReminderStep.objects.filter(active=True).values_list("offset_days", flat=True)
    )
    if not offsets:
        return 0
    earliest = today - timedelta(days=min(offsets))
    invoices = _unpaid_dues_invoices().filter(due_date__lte=earliest)
    url = _member_url()
    queued = 0
    batch: list[dict] = []
    for invoice in invoices.iterator(chunk_size=CHUNK):
        offset = reminder_step_due(invoice.due_date, offsets, today)
        if offset is None or not invoice.customer_email:
            continue
        _membership_id, _sep, year = invoice.source_id.partition(":")
        batch.append(
            {
                "to": invoice.customer_email,
                "template": REMINDER_TEMPLATE,
                "context": {
                    "invoice": invoice,
                    "year": year or invoice.year,
                    "offset": offset,
                    "overdue": offset > 0,
                    "url": url,
                },
                "dedupe_key": reminder_dedupe_key(invoice, year or invoice.year, offset),
            }
        )
        if len(batch) >= CHUNK:
            queued += emails_queue_batch(batch)
            batch = []
    queued += emails_queue_batch(batch)
    return queued


def dues_call_progress(run: DuesCallRun) -> dict:
    """Live figures of a dues call: counters of the run plus reminders sent and invoices paid."""
    from guild.billing.models import Invoice

    run.refresh_from_db()
    year_invoices = Invoice.objects.filter(
        source_type=DUES_SOURCE, source_id__endswith=f":{run.year}"
    )
    reminders = OutgoingEmail.objects.filter(dedupe_key__startswith=f"dues-reminder:{run.year}:")
    return {
        "run": run,
        "due": run.due_count,
        "invoiced": run.invoiced,
        "emailed": run.emailed,
        "reminders": reminders.count(),
        "paid": year_invoices.filter(status=Invoice.Status.PAID).count(),
        "percent": int(100 * run.invoiced / run.due_count) if run.due_count else 100,
        "finished": run.status in {DuesCallRun.Status.DONE, DuesCallRun.Status.FAILED},
    }

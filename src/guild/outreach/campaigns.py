"""Campaigns: compose and render (Markdown → sanitised HTML + text), personalise, prepare the
per-recipient send records, send in batches over one SMTP connection, record statistics.

Crash-safe sending
------------------
Each recipient is one ``CampaignSend`` row (unique per campaign and e-mail), with a
``Message-ID`` derived from (campaign, recipient), so any copy sent twice carries the same
Message-ID and can be recognised (mail clients and our own statistics treat it as one message).

1. A worker *claims* a small batch: ``pending`` → ``sending`` with ``claimed_by`` (host, pid and
   process start time) and ``claimed_at``, committed (``SELECT … FOR UPDATE SKIP LOCKED`` on
   PostgreSQL, so several workers share a campaign without overlap).
2. It sends the batch in ``pk`` order over one SMTP connection and commits ``sent`` for each
   recipient right after its SMTP transaction is accepted.
3. On (re)start, ``campaign_reclaim`` re-examines rows left ``sending`` by a *dead* claim: the
   worker ran on this host and its process is gone, or (another host) the claim is older than
   ``OUTREACH_SEND_LEASE`` seconds. A live worker's claims are never taken over.

Because a batch is sent in ``pk`` order and each success is committed at once, at most ONE row
of a dead claim (its lowest ``pk``) can have been on the wire when the worker died; all the
others were certainly never sent and go back to ``pending``. That one row is *uncertain*: the
SMTP server may have accepted the message just before the crash, before ``sent`` was committed.
Exactly-once delivery over SMTP is impossible in general; Guild chooses **at-least-once** by
default (``OUTREACH_RESEND_UNCERTAIN=true``): the uncertain row is resent with the same
Message-ID, so nobody misses a campaign and a duplicate can only happen if the crash falls in
the instant between the server's "250 OK" and the commit. With
``OUTREACH_RESEND_UNCERTAIN=false`` (at-most-once) it is marked ``failed`` instead.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import logging
import os
import re
import socket
import time
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection as connection_db
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.identity import get_identity
from guild.outreach import tokens
from guild.outreach.models import Campaign, CampaignSend, Contact, Suppression
from guild.outreach.segments import audience

logger = logging.getLogger(__name__)

FIELDS = {
    "prenom": "first_name",
    "nom": "last_name",
    "organisation": "organisation_name",
    "email": "email",
}
PLACEHOLDER = re.compile(r"\{\{\s*(prenom|nom|organisation|email)\s*\}\}")
HREF = re.compile(r'href="(https?://[^"]+)"')
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "hr",
    "img",
    "code",
    "pre",
}


def batch_size() -> int:
    return int(getattr(settings, "OUTREACH_BATCH_SIZE", 200))


def rate_per_second() -> float:
    """Maximum messages a second (0 = unlimited); ``OUTREACH_SEND_RATE`` in settings."""
    return float(getattr(settings, "OUTREACH_SEND_RATE", 0))


def lease_seconds() -> int:
    """How long another host's claim is trusted (``OUTREACH_SEND_LEASE``); must exceed the
    time one batch takes (batch size / rate)."""
    return int(getattr(settings, "OUTREACH_SEND_LEASE", 900))


def resend_uncertain() -> bool:
    """At-least-once (True, default) or at-most-once (False) for the one uncertain row."""
    return bool(getattr(settings, "OUTREACH_RESEND_UNCERTAIN", True))


def campaign_message_id(campaign_id: int, email: str, domain: str) -> str:
    """The same Message-ID for every copy of one campaign to one recipient."""
    digest = hashlib.sha256(f"{campaign_id}:{email.lower()}".encode()).hexdigest()[:24]
    return f"<guild.c{campaign_id}.{digest}@{domain}>"


def _process_start(pid: int) -> str | None:
    """Start time of a process (Linux ``/proc``), '0' when unknown, None when it is gone or a
    zombie. Distinguishes a dead worker from a new process that reused its pid."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except FileNotFoundError:
        return None
    except OSError:
        return "0"
    if fields[0] in {b"Z", b"X"}:
        return None
    return fields[19].decode()


def worker_id() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid) or '0'}"[:120]


def worker_alive(claimed_by: str) -> bool | None:
    """True/False for a worker of this host; None when it ran elsewhere (use the lease)."""
    try:
        host, pid_text, start = claimed_by.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return None
    if host != socket.gethostname():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    except OverflowError:
        return False
    current = _process_start(pid)
    if current is None:
        return False
    return start == "0" or current == "0" or current == start


def markdown_to_html(body: str) -> str:
    raw = markdown.markdown(body, extensions=["extra"], output_format="html")
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "img": {"src", "alt"}},
        url_schemes={"http", "https", "mailto"},
    )


class Rendered:
    """A campaign rendered once; ``personalise`` fills one recipient in cheaply."""

    def __init__(self, campaign: Campaign):
        identity = get_identity()
        self.campaign = campaign
        body_html = markdown_to_html(campaign.body)
        self.links: list[str] = []

        def _mark(match):
            self.links.append(html_lib.unescape(match.group(1)))
            return f'href="@@LINK{len(self.links) - 1}@@"'

        body_html = HREF.sub(_mark, body_html)
        with translation.override("fr"):
            footer = render_to_string("outreach/email/campaign_footer.html", {"identity": identity})
            text_footer = render_to_string(
                "outreach/email/campaign_footer.txt", {"identity": identity}
            )
            self.html = render_to_string(
                "core/email/layout.html",
                {
                    "identity": identity,
                    "subject": campaign.subject,
                    "body_html": render_to_string(
                        "outreach/email/campaign_body.html",
                        {
                            "preheader": campaign.preheader,
                            "body": body_html,
                            "track_opens": campaign.track_opens,
                        },
                    ),
                    "footer_extra": footer,
                    "SITE_URL": settings.SITE_URL,
                },
            )
            self.text = render_to_string(
                "core/email/layout.txt",
                {
                    "identity": identity,
                    "body_text": campaign.body.strip() + "\n\n" + text_footer,
                },
            )
        self.from_email = settings.DEFAULT_FROM_EMAIL
        if identity.name and "<" in self.from_email:
            self.from_email = f"{identity.name} <{self.from_email.split('<', 1)[1]}"
        self.mail_domain = self.from_email.rsplit("@", 1)[-1].rstrip(">") or "localhost"

    @staticmethod
    def _values(send) -> dict:
        return {key: getattr(send, attr) or "" for key, attr in FIELDS.items()}

    def parts(self, send: CampaignSend) -> tuple[str, str, str, dict]:
        """(subject, text, html, headers) personalised for one recipient."""
        values = self._values(send)
        unsub = tokens.unsubscribe_token(send.contact_id, self.campaign.mailing_list_id, send.pk)
        unsub_url = tokens.absolute("outreach:unsubscribe", unsub)
        prefs_url = (
            tokens.absolute("outreach:preferences", tokens.prefs_token(send.contact_id))
            if send.contact_id
            else unsub_url
        )

        def fill_html(text: str) -> str:
            text = PLACEHOLDER.sub(lambda m: html_lib.escape(values[m.group(1)]), text)
            text = re.sub(
                r"@@LINK(\d+)@@",
                lambda m: html_lib.escape(
                    tokens.absolute(
                        "outreach:click", tokens.click_token(send.pk, self.links[int(m.group(1))])
                    )
                ),
                text,
            )
            text = text.replace("@@UNSUBSCRIBE@@", html_lib.escape(unsub_url))
            text = text.replace("@@PREFERENCES@@", html_lib.escape(prefs_url))
            return text.replace(
                "@@OPEN@@",
                html_lib.escape(tokens.absolute("outreach:open", tokens.open_token(send.pk))),
            )

        text = PLACEHOLDER.sub(lambda m: values[m.group(1)], self.text)
        text = text.replace("@@UNSUBSCRIBE@@", unsub_url).replace("@@PREFERENCES@@", prefs_url)
        subject = " ".join(
            PLACEHOLDER.sub(lambda m: values[m.group(1)], self.campaign.subject).split()
        )
        mailto = f"mailto:unsubscribe@{self.mail_domain}?subject=unsubscribe-{unsub}"
        headers = {
            "Message-ID": send.message_id,
            "List-Unsubscribe": f"<{unsub_url}>, <{mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<{self.campaign.mailing_list.slug}.{self.mail_domain}>",
            "Precedence": "bulk",
            "X-Guild-Campaign": str(self.campaign.pk),
        }
        return subject, text, fill_html(self.html), headers

    def message(self, send: CampaignSend) -> EmailMultiAlternatives:
        subject, text, html, headers = self.parts(send)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=self.from_email,
            to=[send.email],
            headers=headers,
        )
        message.attach_alternative(html, "text/html")
        return message

    def raw(self, send: CampaignSend) -> bytes:
        """The same message as ``message()``, serialised directly to SMTP bytes: the generic
        e-mail API spends most of a bulk send folding headers; this keeps throughput up."""
        subject, text, html, headers = self.parts(send)
        boundary = f"=_guild_{send.pk}_{time.monotonic_ns()}"
        lines = [
            f"From: {self._from_header}",
            f"To: {send.email}",
            f"Subject: {_encode_header(subject)}",
            f"Date: {formatdate(localtime=True)}",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative; boundary="{boundary}"',
        ]
        for name, value in headers.items():
            lines.append(f"{name}: {value}".replace(">, <", ">,\r\n <"))
        body = "\r\n".join(lines) + "\r\n\r\n"
        for subtype, content in (("plain", text), ("html", html)):
            encoded = base64.encodebytes(content.encode("utf-8")).decode("ascii")
            body += (
                f'--{boundary}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n'
                f"Content-Transfer-Encoding: base64\r\n\r\n" + encoded.replace("\n", "\r\n")
            )
        body += f"--{boundary}--\r\n"
        return body.encode("ascii")

    @property
    def _from_header(self) -> str:
        name, address = parseaddr(self.from_email)
        return formataddr((name, address), charset="utf-8")


def _encode_header(value: str) -> str:
    if value.isascii():
        return value
    return Header(value, "utf-8", maxlinelen=76).encode(linesep="\r\n")


def campaign_save(*, actor, campaign: Campaign | None = None, **data) -> Campaign:
    with transaction.atomic():
        campaign = campaign or Campaign(created_by=actor)
        if campaign.pk and campaign.status not in {
            Campaign.Status.DRAFT,
            Campaign.Status.SCHEDULED,
        }:
            raise ValidationError(_("A campaign already sent can no longer be edited."))
        for name, value in data.items():
            setattr(campaign, name, value)
        campaign.full_clean()
        campaign.save()
    return campaign


def campaign_schedule(*, actor, campaign: Campaign, when=None) -> Campaign:
    """Send now (``when`` None) or at ``when``. Refused when nobody would receive it."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status not in {Campaign.Status.DRAFT, Campaign.Status.SCHEDULED}:
            raise ValidationError(_("This campaign has already been sent."))
        filters = campaign.segment.filters if campaign.segment_id else {}
        if not audience(campaign.mailing_list, filters).exists():
            raise ValidationError(
                _("No consenting recipient matches this list and segment: nothing would be sent.")
            )
        campaign.scheduled_at = when or timezone.now()
        campaign.status = Campaign.Status.SCHEDULED
        campaign.save(update_fields=["scheduled_at", "status", "updated_at"])
        audit_log(
            actor=actor,
            action="outreach.campaign_schedule",
            target=campaign,
            data={"at": campaign.scheduled_at.isoformat()},
        )
        if when is None:
            transaction.on_commit(lambda: _enqueue(campaign.pk))
    return campaign


def _enqueue(campaign_id: int) -> None:
    from guild.outreach.tasks import campaign_send_task

    campaign_send_task.enqueue(campaign_id)


def campaigns_due() -> int:
    """Periodic: start scheduled campaigns whose time has come; resume interrupted ones
    (recipients still pending, or claimed by a worker that may have died)."""
    due = list(
        Campaign.objects.filter(
            Q(status=Campaign.Status.SCHEDULED, scheduled_at__lte=timezone.now())
            | Q(
                status=Campaign.Status.SENDING,
                sends__status__in=[CampaignSend.Status.PENDING, CampaignSend.Status.SENDING],
            )
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    for pk in due:
        _enqueue(pk)
    return len(due)


def campaign_prepare(campaign: Campaign) -> int:
    """Materialise one send row per recipient (idempotent) and switch to ``sending``."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != Campaign.Status.SCHEDULED:
            return campaign.total
        filters = campaign.segment.filters if campaign.segment_id else {}
        rows = audience(campaign.mailing_list, filters).values_list(
            "pk", "email", "first_name", "last_name", "organisation_name"
        )
        domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].rstrip(">")
        batch = []
        for pk, email, first, last, org in rows.iterator(chunk_size=2000):
            batch.append(
                CampaignSend(
                    campaign=campaign,
                    contact_id=pk,
                    email=email.lower(),
                    first_name=first,
                    last_name=last,
                    organisation_name=org,
                    message_id=campaign_message_id(campaign.pk, email, domain),
                )
            )
            if len(batch) >= 2000:
                CampaignSend.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        CampaignSend.objects.bulk_create(batch, ignore_conflicts=True)
        campaign.total = campaign.sends.count()
        campaign.status = Campaign.Status.SENDING
        campaign.started_at = timezone.now()
        campaign.save(update_fields=["total", "status", "started_at", "updated_at"])
    return campaign.total


def campaign_reclaim(campaign: Campaign) -> dict:
    """Give back the rows of dead claims (see the module docstring). Returns counts:
    ``requeued`` (certainly never sent), ``uncertain_resent``, ``uncertain_failed``, and
    ``held`` (claimed by a live worker, left alone)."""
    S = CampaignSend.Status
    result = {"requeued": 0, "uncertain_resent": 0, "uncertain_failed": 0, "held": 0}
    claims: dict[tuple, list[int]] = {}
    for pk, by, at in (
        CampaignSend.objects.filter(campaign=campaign, status=S.SENDING)
        .order_by("pk")
        .values_list("pk", "claimed_by", "claimed_at")
    ):
        claims.setdefault((by, at), []).append(pk)
    stale = timezone.now() - timezone.timedelta(seconds=lease_seconds())
    for (by, at), pks in claims.items():
        alive = worker_alive(by)
        dead = alive is False or (alive is None and (at is None or at < stale))
        if not dead:
            result["held"] += len(pks)
            continue
        rows = CampaignSend.objects.filter(status=S.SENDING, claimed_by=by, claimed_at=at)
        with transaction.atomic():
            uncertain, rest = pks[0], pks[1:]
            result["requeued"] += rows.filter(pk__in=rest).update(
                status=S.PENDING, claimed_by="", claimed_at=None
            )
            if resend_uncertain():
                result["uncertain_resent"] += rows.filter(pk=uncertain).update(
                    status=S.PENDING, claimed_by="", claimed_at=None
                )
            else:
                result["uncertain_failed"] += rows.filter(pk=uncertain).update(
                    status=S.FAILED,
                    error="interrupted during its SMTP transaction; not resent (at-most-once)",
                )
    return result


def _claim_batch(campaign: Campaign, limit: int, worker: str) -> list[CampaignSend]:
    """Claim up to ``limit`` pending rows for ``worker`` (committed), in ``pk`` order."""
    S = CampaignSend.Status
    now = timezone.now()
    with transaction.atomic():
        pending = CampaignSend.objects.filter(campaign=campaign, status=S.PENDING).order_by("pk")
        if connection_db.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        pks = list(pending.values_list("pk", flat=True)[:limit])
        if not pks:
            return []
        CampaignSend.objects.filter(pk__in=pks, status=S.PENDING).update(
            status=S.SENDING, claimed_by=worker, claimed_at=now
        )
    return list(
        CampaignSend.objects.filter(
            pk__in=pks, status=S.SENDING, claimed_by=worker, claimed_at=now
        ).order_by("pk")
    )


def _release(mine, sends: list, position: int) -> None:
    """Give back the rows of a batch a live worker abandons (``position``: the row it was on)."""
    S = CampaignSend.Status
    try:
        never_tried = [send.pk for send in sends[position + 1 :]]
        mine.filter(pk__in=never_tried).update(status=S.PENDING, claimed_by="", claimed_at=None)
        if position >= 0:
            current = mine.filter(pk=sends[position].pk)
            if resend_uncertain():
                current.update(status=S.PENDING, claimed_by="", claimed_at=None)
            else:
                current.update(status=S.FAILED, error="interrupted; not resent (at-most-once)")
    except Exception:  # noqa: BLE001 (the database may be what failed; dead claims recover)
        logger.exception("could not release the claimed campaign recipients")


def campaign_send_batch(campaign: Campaign, limit: int | None = None) -> int:
    """Claim and send up to ``limit`` recipients over one SMTP connection; return how many were
    processed (sent, suppressed or failed), 0 when nothing is left to claim."""
    S = CampaignSend.Status
    if connection_db.vendor == "postgresql" and not connection_db.in_atomic_block:
        # Commits must be visible to other workers, not fsynced one by one: a worker crash
        # loses nothing; only a database-server crash could lose the last few commits.
        with connection_db.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    worker = worker_id()
    sends = _claim_batch(campaign, limit or batch_size(), worker)
    if not sends:
        return 0
    suppressed = set(
        Suppression.objects.filter(email__in=[s.email for s in sends]).values_list(
            "email", flat=True
        )
    )
    rendered = Rendered(campaign)
    rate = rate_per_second()
    mine = CampaignSend.objects.filter(status=S.SENDING, claimed_by=worker)
    connection = mailers.default
    position = -1
    try:
        connection.open()
        for index, send in enumerate(sends):
            position = index
            if send.email in suppressed:
                mine.filter(pk=send.pk).update(status=S.SUPPRESSED)
                continue
            started = time.monotonic()
            smtp = getattr(connection, "connection", None)
            try:
                if smtp is not None:
                    smtp.sendmail(
                        connection.prep_address(rendered.from_email),
                        [connection.prep_address(send.email)],
                        rendered.raw(send),
                    )
                else:
                    connection.send_messages([rendered.message(send)])
            except Exception as exc:  # noqa: BLE001 (record any transport failure)
                mine.filter(pk=send.pk).update(
                    status=S.FAILED, error=f"{type(exc).__name__}: {exc}"[:255]
                )
                connection.close()
                connection.open()
                continue
            # Committed at once: the only crash window left is between the server's "250 OK"
            # and this commit (the one "uncertain" row of a dead claim).
            mine.filter(pk=send.pk).update(status=S.SENT, sent_at=timezone.now())
            if rate:
                pause = 1 / rate - (time.monotonic() - started)
                if pause > 0:
                    time.sleep(pause)
    except BaseException:
        # The worker lives on (task error, SMTP server gone): give back what it never tried,
        # and treat the row it was on as uncertain, so nothing stays claimed by a live worker.
        _release(mine, sends, position)
        raise
    finally:
        connection.close()
    return len(sends)


def campaign_run(campaign_id: int, max_batches: int | None = None) -> str:
    """Task body: prepare if needed, recover dead claims, send every batch, close the
    campaign. Safe to rerun, and to run in several workers at once."""
    campaign = Campaign.objects.select_related("mailing_list").get(pk=campaign_id)
    if campaign.status == Campaign.Status.SCHEDULED:
        if campaign.scheduled_at and campaign.scheduled_at > timezone.now():
            return "not-yet"
        campaign_prepare(campaign)
        campaign.refresh_from_db()
    if campaign.status != Campaign.Status.SENDING:
        return campaign.status
    campaign_reclaim(campaign)
    batches = 0
    while campaign_send_batch(campaign):
        batches += 1
        if max_batches and batches >= max_batches:
            return "partial"
    S = CampaignSend.Status
    if campaign.sends.filter(status__in=[S.PENDING, S.SENDING]).exists():
        return "in-progress"  # another live worker holds claims; the periodic job resumes
    Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.SENDING).update(
        status=Campaign.Status.SENT, finished_at=timezone.now()
    )
    return "sent"


def campaign_test_send(*, actor, campaign: Campaign, to: str, as_contact: Contact | None):
    """Send one test copy, personalised as ``as_contact``; not counted in statistics."""
    contact = as_contact or Contact(email=to, first_name=_("Firstname"), last_name=_("Lastname"))
    send = CampaignSend(
        pk=0,
        campaign=campaign,
        email=to,
        first_name=contact.first_name,
        last_name=contact.last_name,
        organisation_name=contact.organisation_name,
        contact_id=contact.pk,
        message_id=make_msgid(idstring="test"),
    )
    message = Rendered(campaign).message(send)
    message.subject = "[TEST] " + message.subject
    message.send(fail_silently=False)


def campaign_preview(campaign: Campaign, contact: Contact | None) -> tuple[str, str]:
    contact = contact or Contact(
        email="prenom.nom@example.org", first_name=_("Firstname"), last_name=_("Lastname")
    )
    send = CampaignSend(
        pk=0,
        campaign=campaign,
        email=contact.email,
        first_name=contact.first_name,
        last_name=contact.last_name,
        organisation_name=contact.organisation_name,
        contact_id=contact.pk,
        message_id="<preview@localhost>",
    )
    message = Rendered(campaign).message(send)
    return message.alternatives[0][0], message.body


def campaign_stats(campaign: Campaign) -> dict:
    S = CampaignSend.Status
    agg = campaign.sends.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status__in=[S.SENT, S.DELIVERED, S.BOUNCED])),
        delivered=Count("pk", filter=Q(status=S.DELIVERED)),
        bounced=Count("pk", filter=Q(status=S.BOUNCED)),
        failed=Count("pk", filter=Q(status=S.FAILED)),
        suppressed=Count("pk", filter=Q(status=S.SUPPRESSED)),
        pending=Count("pk", filter=Q(status__in=[S.PENDING, S.SENDING])),
        clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
    )
    done = agg["total"] - agg["pending"]
    agg["progress"] = round(100 * done / agg["total"]) if agg["total"] else 0
    return agg


def send_record_event(
    *, message_id: str = "", email: str = "", event: str, detail: str = ""
) -> None:
    """Delivery feedback (webhooks): delivered, bounced, complained, unsubscribed."""
    S = CampaignSend.Status
    sends = (
        CampaignSend.objects.filter(message_id=message_id)
        if message_id
        else CampaignSend.objects.none()
    )
    with transaction.atomic():
        if event == "delivered":
            sends.filter(status=S.SENT).update(status=S.DELIVERED)
        elif event in {"bounced", "rejected"}:
            sends.update(status=S.BOUNCED, error=detail[:255])
            if email:
                from guild.outreach.services import suppression_add

                suppression_add(email=email, reason=Suppression.Reason.BOUNCED, detail=detail)
        elif event in {"complained", "unsubscribed"} and email:
            from guild.outreach.services import suppression_add

            reason = (
                Suppression.Reason.COMPLAINED
                if event == "complained"
                else Suppression.Reason.UNSUBSCRIBED
            )
            suppression_add(email=email, reason=reason, detail=detail)
            sends.update(unsubscribed_at=timezone.now())

"""Campaigns: compose and render (Markdown → sanitised HTML + text), personalise, prepare the
per-recipient send records, send in batches over one SMTP connection, record statistics.

Exactly-once: each recipient is one ``CampaignSend`` row (unique per campaign and e-mail).
A row is claimed (``pending`` → ``sending``, committed) just before its SMTP transaction and
marked ``sent`` right after. A restarted worker only sends ``pending`` rows; a row left in
``sending`` by a crash is never sent again (it is reported as interrupted), so nobody gets the
same campaign twice.
"""

from __future__ import annotations

import base64
import html as html_lib
import re
import time
from email.header import Header
from email.utils import formataddr, formatdate, make_msgid, parseaddr

import markdown
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
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

    def message(self, send: CampaignSend, connection=None) -> EmailMultiAlternatives:
        subject, text, html, headers = self.parts(send)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=self.from_email,
            to=[send.email],
            connection=connection,
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
    """Periodic: start scheduled campaigns whose time has come; resume interrupted ones."""
    due = list(
        Campaign.objects.filter(
            Q(status=Campaign.Status.SCHEDULED, scheduled_at__lte=timezone.now())
            | Q(status=Campaign.Status.SENDING, sends__status=CampaignSend.Status.PENDING)
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
                    message_id=make_msgid(idstring=f"c{campaign.pk}", domain=domain),
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


def _claim(send_id: int) -> bool:
    return bool(
        CampaignSend.objects.filter(pk=send_id, status=CampaignSend.Status.PENDING).update(
            status=CampaignSend.Status.SENDING, claimed_at=timezone.now()
        )
    )


def campaign_send_batch(campaign: Campaign, limit: int | None = None) -> int:
    """Send up to ``limit`` pending recipients over one SMTP connection; return how many."""
    limit = limit or batch_size()
    sends = list(
        CampaignSend.objects.filter(campaign=campaign, status=CampaignSend.Status.PENDING).order_by(
            "pk"
        )[:limit]
    )
    if not sends:
        return 0
    suppressed = set(
        Suppression.objects.filter(email__in=[s.email for s in sends]).values_list(
            "email", flat=True
        )
    )
    rendered = Rendered(campaign)
    rate = rate_per_second()
    if connection_db.vendor == "postgresql" and not connection_db.in_atomic_block:
        # Claims must be visible to other workers, not fsynced one by one: a worker crash
        # loses nothing; only a database-server crash could lose the last few claims.
        with connection_db.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
    count = 0
    connection = get_connection()
    connection.open()
    try:
        for send in sends:
            if send.email in suppressed:
                CampaignSend.objects.filter(pk=send.pk, status=CampaignSend.Status.PENDING).update(
                    status=CampaignSend.Status.SUPPRESSED
                )
                continue
            started = time.monotonic()
            smtp = getattr(connection, "connection", None)
            payload = rendered.raw(send) if smtp is not None else b""
            # Everything is rendered and serialised before the claim, so that a crash between
            # the claim and the end of the SMTP transaction is as unlikely as possible.
            try:
                claimed = _claim(send.pk)
                if claimed and smtp is not None:
                    smtp.sendmail(
                        connection.prep_address(rendered.from_email),
                        [connection.prep_address(send.email)],
                        payload,
                    )
                elif claimed:
                    rendered.message(send, connection).send(fail_silently=False)
                if not claimed:
                    connection.close()
                    connection.open()
                    continue  # another worker has it
            except Exception as exc:  # noqa: BLE001 (record any transport failure)
                CampaignSend.objects.filter(pk=send.pk).update(
                    status=CampaignSend.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:255]
                )
                connection.close()
                connection.open()
                continue
            CampaignSend.objects.filter(pk=send.pk).update(
                status=CampaignSend.Status.SENT, sent_at=timezone.now()
            )
            count += 1
            if rate:
                pause = 1 / rate - (time.monotonic() - started)
                if pause > 0:
                    time.sleep(pause)
    finally:
        connection.close()
    return count


def campaign_run(campaign_id: int, max_batches: int | None = None) -> str:
    """Task body: prepare if needed, send every batch, close the campaign. Safe to rerun."""
    campaign = Campaign.objects.select_related("mailing_list").get(pk=campaign_id)
    if campaign.status == Campaign.Status.SCHEDULED:
        if campaign.scheduled_at and campaign.scheduled_at > timezone.now():
            return "not-yet"
        campaign_prepare(campaign)
        campaign.refresh_from_db()
    if campaign.status != Campaign.Status.SENDING:
        return campaign.status
    # Rows left "sending" by a crashed worker are never sent again (no duplicates).
    stale = timezone.now() - timezone.timedelta(minutes=10)
    CampaignSend.objects.filter(
        campaign=campaign, status=CampaignSend.Status.SENDING, claimed_at__lt=stale
    ).update(
        status=CampaignSend.Status.FAILED, error="interrupted; not resent to avoid a duplicate"
    )
    batches = 0
    while campaign_send_batch(campaign):
        batches += 1
        if max_batches and batches >= max_batches:
            return "partial"
    if not campaign.sends.filter(status=CampaignSend.Status.PENDING).exists():
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

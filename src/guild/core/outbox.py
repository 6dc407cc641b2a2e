"""The outbox: every outgoing e-mail is recorded, then sent from a task.

``email_queue`` renders a template trio (``<name>.subject.txt``, ``<name>.txt``, optional
``<name>.html``) in the recipient's language inside the association's branded layout, stores
the message and enqueues :func:`guild.core.tasks.email_send` once the transaction commits.
Sending locks the row, so a message is never sent twice; failures are retried with back-off.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from guild.core.identity import get_identity
from guild.core.models import OutgoingAttachment, OutgoingEmail

logger = logging.getLogger(__name__)

BACKOFF_MINUTES = (1, 5, 15, 60, 240, 720)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def render_email(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Return (subject, text, html) rendered in ``language`` with the association's branding."""
    identity = get_identity()
    ctx = {"identity": identity, "SITE_URL": settings.SITE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}.subject.txt", ctx).split())
        text = render_to_string(f"{template}.txt", ctx).strip() + "\n"
        try:
            get_template(f"{template}.html")
        except TemplateDoesNotExist:
            html_body = None
        else:
            html_body = render_to_string(f"{template}.html", ctx)
        html = render_to_string(
            "core/email/layout.html",
            {**ctx, "subject": subject, "body_html": html_body, "body_text": text},
        )
        text = render_to_string("core/email/layout.txt", {**ctx, "body_text": text})
    return subject, text, html


def email_queue(
    *,
    to: str,
    template: str,
    context: dict | None = None,
    language: str | None = None,
    attachments: list[Attachment] | tuple[Attachment, ...] = (),
    headers: dict | None = None,
    dedupe_key: str | None = None,
    category: str = "",
    reply_to: str = "",
) -> OutgoingEmail:
    """Record one e-mail and send it from a task after commit.

    ``dedupe_key`` makes the call idempotent: a second call with the same key returns the
    message already recorded and sends nothing.
    """
    if dedupe_key:
        existing = OutgoingEmail.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    language = language or settings.LANGUAGE_CODE
    subject, text, html = render_email(template, context or {}, language)
    identity = get_identity()
    from_email = settings.DEFAULT_FROM_EMAIL
    if identity.name and "<" in from_email:
        from_email = f"{identity.name} <{from_email.split('<', 1)[1]}"
    with transaction.atomic():
        email = OutgoingEmail.objects.create(
            to=to,
            from_email=from_email,
            reply_to=reply_to or identity.contact_email or "",
            subject=subject[:255],
            body_text=text,
            body_html=html,
            headers=headers or {},
            language=language,
            template=template,
            category=category,
            dedupe_key=dedupe_key,
        )
        for attachment in attachments:
            OutgoingAttachment.objects.create(
                email=email,
                filename=attachment.filename,
                mimetype=attachment.mimetype,
                content=attachment.content,
            )
        transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(email_id: int, run_after=None) -> None:
    from guild.core.tasks import email_send

    task = email_send
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(email_id)


def build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    headers = {"Message-ID": email.message_id, **email.headers}
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


def email_deliver(email_id: int) -> str:
    """Send one recorded e-mail. Safe to run twice: a sent message is never sent again."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        )
        if email is None:
            return "locked-or-missing"
        if email.status in {OutgoingEmail.Status.SENT, OutgoingEmail.Status.CANCELLED}:
            return email.status
        if email.status == OutgoingEmail.Status.FAILED:
            return email.status
        if email.next_attempt_at and email.next_attempt_at > timezone.now():
            return "not-yet"
        email.status = OutgoingEmail.Status.SENDING
        email.attempts += 1
        email.save(update_fields=["status", "attempts"])
        try:
            build_message(email).send(fail_silently=False)
        except Exception as exc:  # any transport failure is retried
            logger.warning("e-mail %s failed: %s", email.pk, exc)
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= settings.EMAIL_OUTBOX_MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
                email.next_attempt_at = None
            else:
                delay = BACKOFF_MINUTES[min(email.attempts - 1, len(BACKOFF_MINUTES) - 1)]
                email.status = OutgoingEmail.Status.QUEUED
                email.next_attempt_at = timezone.now() + timedelta(minutes=delay)
                next_at = email.next_attempt_at
                transaction.on_commit(lambda: _enqueue(email.pk, run_after=next_at))
            email.save(update_fields=["status", "last_error", "next_attempt_at"])
            return email.status
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.next_attempt_at = None
        email.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
        return email.status


def email_retry_due() -> int:
    """Re-enqueue messages whose retry time has come (run periodically by the worker)."""
    due = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.QUEUED, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        _enqueue(pk)
        count += 1
    return count

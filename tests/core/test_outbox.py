"""The outbox records every e-mail, sends it from a task, retries, never sends twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from guild.core.models import OutgoingEmail
from guild.core.outbox import Attachment, email_deliver, email_queue, email_retry_due
from tests.conftest import smtp_mailers

pytestmark = pytest.mark.django_db


def _queue(**kwargs):
    defaults = {
        "to": "alice@example.org",
        "template": "core/email/test_message",
        "context": {"name": "Alice"},
    }
    return email_queue(**{**defaults, **kwargs})


def test_message_is_sent_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
    # A second delivery (a task run twice) sends nothing.
    assert email_deliver(email.pk) == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_rendered_in_the_recipients_language():
    french = _queue(language="fr")
    english = _queue(language="en", to="bob@example.org")
    assert "Bonjour Alice" in french.body_text
    assert "Hello Alice" in english.body_text
    assert french.subject != english.subject
    assert "<html" in french.body_html


def test_dedupe_key_makes_queueing_idempotent():
    first = _queue(dedupe_key="welcome:42")
    second = _queue(dedupe_key="welcome:42")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1


def test_failures_are_retried_with_backoff_then_given_up(settings):
    settings.MAILERS = smtp_mailers(9, timeout=2)  # discard port: nothing listens, refused
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 2
    email = _queue()
    assert email_deliver(email.pk) == OutgoingEmail.Status.QUEUED
    email.refresh_from_db()
    assert email.attempts == 1 and email.last_error
    assert email.next_attempt_at > timezone.now()
    assert email_deliver(email.pk) == "not-yet"
    OutgoingEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert email_retry_due() == 1
    assert email_deliver(email.pk) == OutgoingEmail.Status.FAILED


def test_real_smtp_delivery_with_attachment(smtp_server):
    email = _queue(
        attachments=[Attachment("badge.pdf", b"%PDF-1.7 test", "application/pdf")],
        headers={"X-Guild-Test": "1"},
    )
    assert email_deliver(email.pk) == OutgoingEmail.Status.SENT
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "alice@example.org"
    assert received["Message-ID"] == email.message_id
    assert received["X-Guild-Test"] == "1"
    text = received.get_body(preferencelist=("plain",)).get_content()
    html = received.get_body(preferencelist=("html",)).get_content()
    assert "Bonjour Alice" in text
    assert "Bonjour Alice" in html
    attachments = list(received.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["badge.pdf"]
    assert attachments[0].get_content() == b"%PDF-1.7 test"

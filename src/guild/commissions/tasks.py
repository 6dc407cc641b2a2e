"""Background tasks: thin, idempotent wrappers around the reporting services."""

from django.tasks import task

from guild.commissions.services import reporting


@task
def send_reminders() -> int:
    return reporting.send_reminders()


@task
def send_quarterly_digest() -> int:
    return reporting.send_quarterly_digest()


def enqueue_reminders() -> None:
    send_reminders.enqueue()


def enqueue_digest() -> None:
    send_quarterly_digest.enqueue()

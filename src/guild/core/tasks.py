from django.tasks import task

from guild.core.outbox import email_deliver


@task()
def email_send(email_id: int) -> str:
    return email_deliver(email_id)

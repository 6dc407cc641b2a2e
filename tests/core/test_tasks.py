"""Background work: the database backend (default) and the Redis backend, both for real."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import task_backends

from guild.core.models import OutgoingEmail
from guild.core.outbox import email_queue


def _queue_one():
    return email_queue(
        to="worker@example.org", template="core/email/test_message", context={"name": "Worker"}
    )


@pytest.mark.django_db(transaction=True)
def test_database_backend_queue_and_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    from django_tasks_db.models import DBTaskResult

    email = _queue_one()  # on_commit fires: autocommit in a transactional test
    assert DBTaskResult.objects.count() == 1
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.QUEUED
    assert mail.outbox == []
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_redis_backend_queue_and_worker(settings):
    redis = pytest.importorskip("redis")
    url = settings.REDIS_URL
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not reachable at {url}: the Redis backend test needs it.")
    queue = "default"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}
    import django_rq.queues

    from guild.core.tasks import email_send

    django_rq.queues.get_queue(queue).empty()

    email = OutgoingEmail.objects.create(
        to="rq@example.org", from_email="a@b.fr", subject="s", body_text="t"
    )
    result = email_send.using(queue_name=queue).enqueue(email.pk)
    assert task_backends["default"].get_result(result.id).status == "READY"
    call_command(
        "rqworker",
        queue,
        burst=True,
        verbosity=0,
        with_scheduler=False,
        job_class="django_tasks_rq.backend.Job",
        worker_class="rq.worker.SimpleWorker",
    )
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert task_backends["default"].get_result(result.id).status == "SUCCESSFUL"
    django_rq.queues.get_queue(queue).empty()

from django.contrib.auth import get_user_model
from django.tasks import task


@task()
def dues_call_task(*, actor_id: int | None, year: int, run_id: int | None = None) -> dict:
    """Thin: load the actor (and the run that shows progress), run the idempotent dues call."""
    from guild.members.dues_call import dues_call_run
    from guild.members.models import DuesCallRun

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    run = DuesCallRun.objects.filter(pk=run_id).first() if run_id else None
    try:
        return dues_call_run(actor=actor, year=year, run=run)
    except Exception as exc:
        if run is not None:
            DuesCallRun.objects.filter(pk=run.pk).update(
                status=DuesCallRun.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
            )
        raise


@task()
def dues_emails_send(email_ids: list[int]) -> int:
    """Send a chunk of dues e-mails (one task per chunk, not one per e-mail).

    Thin and safe to run twice: ``email_deliver`` locks each row and never sends a message
    twice; a failed message schedules its own retry with back-off.
    """
    from guild.core.outbox import email_deliver

    for pk in email_ids:
        email_deliver(pk)
    return len(email_ids)

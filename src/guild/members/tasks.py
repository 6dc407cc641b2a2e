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

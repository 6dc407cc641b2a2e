from django.contrib.auth import get_user_model
from django.tasks import task


@task()
def dues_call_task(*, actor_id: int | None, year: int) -> dict:
    """Thin: load the actor, run the (idempotent) dues call."""
    from guild.members.dues_call import dues_call_run

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return dues_call_run(actor=actor, year=year)

"""Periodic jobs: close board votes past their deadline, remind declarations."""

from django.tasks import task
from django.utils import timezone

from guild.governance.models import BoardVote


def close_due_board_votes() -> int:
    from guild.governance.services import boardvote_close

    closed = 0
    for vote in BoardVote.objects.filter(
        status=BoardVote.Status.OPEN, deadline__lte=timezone.now()
    ):
        boardvote_close(actor=None, vote=vote)
        closed += 1
    return closed


def declaration_reminders() -> int:
    from guild.governance.services import declaration_reminders_send

    today = timezone.localdate()
    if today.month not in {1, 2}:  # the yearly campaign runs in January and February
        return 0
    return declaration_reminders_send(today=today)


@task()
def send_convocations(assembly_id: int) -> int:
    from guild.governance.services.assemblies import convocations_send

    return convocations_send(assembly_id=assembly_id)

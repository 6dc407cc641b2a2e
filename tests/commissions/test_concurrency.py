"""Two people linking two actions to each other at the same time must not create a cycle."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from guild.commissions import services
from guild.commissions.models import Action
from tests.commissions.factories import ActionFactory, MembershipFactory, MissionFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_dependencies_cannot_make_a_cycle(make_user):
    mission = MissionFactory()
    first, second = make_user(), make_user()
    for person in (first, second):
        MembershipFactory(commission=mission.commission, user=person)
    a = ActionFactory(mission=mission, title="A")
    b = ActionFactory(mission=mission, title="B")
    barrier = threading.Barrier(2)
    outcomes = []

    def link(actor, action_id, other_id):
        try:
            barrier.wait()
            services.dependency_add(
                actor=actor,
                action=Action.objects.get(pk=action_id),
                depends_on=Action.objects.get(pk=other_id),
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=link, args=(first, a.pk, b.pk)),
        threading.Thread(target=link, args=(second, b.pk, a.pk)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Action.depends_on.through.objects.count() == 1

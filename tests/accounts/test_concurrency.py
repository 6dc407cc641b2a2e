"""PostgreSQL: two administrators withdrawing each other's role at the same moment."""

import threading

import pytest
from django.db import connection

from guild.accounts import services
from guild.accounts.models import Role, RoleGrant


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_cannot_remove_each_other_at_once(make_user):
    first = make_user(Role.ADMINISTRATOR)
    second = make_user(Role.ADMINISTRATOR)
    barrier = threading.Barrier(2)
    outcomes = []

    def revoke(actor, target):
        try:
            barrier.wait()
            services.role_revoke(actor=actor, user=target, role=Role.ADMINISTRATOR)
            outcomes.append("ok")
        except services.AccountError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=revoke, args=(first, second)),
        threading.Thread(target=revoke, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert RoleGrant.objects.filter(role=Role.ADMINISTRATOR, revoked_at__isnull=True).count() == 1

import pytest

from guild.commissions.models import Membership
from tests.commissions.factories import (
    ActionFactory,
    CommissionFactory,
    MembershipFactory,
    MissionFactory,
    association_member,
)


@pytest.fixture
def commission(db):
    return CommissionFactory(name="Salon du numérique", slug="salon")


@pytest.fixture
def chair(make_user, commission):
    person = association_member(make_user(first_name="Claire", last_name="Président"))
    MembershipFactory(commission=commission, user=person, role=Membership.Role.CHAIR)
    return person


@pytest.fixture
def member(make_user, commission):
    person = association_member(make_user(first_name="Marc", last_name="Membre"))
    MembershipFactory(commission=commission, user=person)
    return person


@pytest.fixture
def outsider(make_user):
    """A member of the association who is not (yet) in the commission."""
    return association_member(make_user(first_name="Olivier", last_name="Extérieur"))


@pytest.fixture
def non_member(make_user):
    """An account with no membership in good standing."""
    return make_user(first_name="Nina", last_name="Visiteuse")


@pytest.fixture
def mission(commission):
    return MissionFactory(commission=commission, title="Lancer le salon")


@pytest.fixture
def action(mission, member):
    return ActionFactory(mission=mission, title="Trouver un lieu", owners=[member])


# --- flushing a transactional test's database that holds audit entries -----------------------
# The audit log refuses DELETE/TRUNCATE at the database level, so pytest-django's flush after a
# transactional test (live server, threads) fails once a service has logged something. Until
# core offers a test hook, lift the guard just before the flush; it is put back when the next
# transactional test starts and when this package's tests end.

_SQLITE_TRIGGERS = {
    "core_auditentry_no_update": "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE "
    "UPDATE ON core_auditentry BEGIN SELECT RAISE(ABORT, 'the audit log is append-only "
    "(UPDATE refused)'); END;",
    "core_auditentry_no_delete": "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE "
    "DELETE ON core_auditentry BEGIN SELECT RAISE(ABORT, 'the audit log is append-only "
    "(DELETE refused)'); END;",
}


def _guard_on() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER USER")


def _guard_off_for_flush() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for name in _SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DELETE FROM core_auditentry")
            for statement in _SQLITE_TRIGGERS.values():
                cursor.execute(statement)


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or (
        "live_server" in request.fixturenames
    )


@pytest.fixture(scope="package", autouse=True)
def _audit_guard_back_at_the_end(django_db_setup, django_db_blocker):
    yield
    with django_db_blocker.unblock():
        _guard_on()


@pytest.fixture(autouse=True)
def _audit_guard_lifted_for_flush(request):
    if _transactional(request):
        request.getfixturevalue("_django_db_helper")
        _guard_on()
        # Registered after the database fixture: runs before its flush.
        request.node.addfinalizer(_guard_off_for_flush)
    return

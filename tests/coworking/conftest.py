import pytest

from tests.coworking.helpers import make_member, make_pool, make_room, make_space


@pytest.fixture
def space(db):
    return make_space()


@pytest.fixture
def room(space):
    return make_room(space)


@pytest.fixture
def pool(space):
    return make_pool(space)


@pytest.fixture
def member(db):
    return make_member(first_name="Camille", last_name="Durand")


@pytest.fixture
def other_member(db):
    return make_member(first_name="Louis", last_name="Martin")


@pytest.fixture
def audit_flush_allowed(transactional_db):
    """Let pytest-django flush a transactional PostgreSQL test database.

    core's audit log refuses TRUNCATE (append-only trigger), which breaks the flush after
    every transactional test that wrote an audit entry. We disable that one trigger just
    before the flush and re-enable it from the ``post_migrate`` signal the flush emits.
    (Reported for core: a shared fixture belongs in tests/conftest.py.)
    """
    from django.db import connection
    from django.db.models.signals import post_migrate

    yield
    if connection.vendor != "postgresql":
        return
    trigger = "core_auditentry_no_truncate"

    def reenable(**kwargs):
        post_migrate.disconnect(reenable, dispatch_uid="cw-audit-reenable")
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE core_auditentry ENABLE TRIGGER {trigger}")

    post_migrate.connect(reenable, weak=False, dispatch_uid="cw-audit-reenable")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE core_auditentry DISABLE TRIGGER {trigger}")

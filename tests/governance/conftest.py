from datetime import date

import pytest

from guild.governance.models import Body
from guild.governance.services import declaration_submit, policy_create_version
from tests.governance.factories import person_with_user


@pytest.fixture
def policy(admin_user):
    return policy_create_version(
        actor=admin_user,
        data={"admission_mode": "sponsorship"},
        effective_from=date.today(),
        note="test",
    )


@pytest.fixture
def board(db):
    return Body.objects.create(
        kind=Body.Kind.BOARD, name="Conseil", slug="conseil", admission_body=True, seats=12
    )


@pytest.fixture
def board_members(board, make_user):
    """Three board members with users, declarations filed, mandates current."""
    from guild.governance.services import mandate_create

    members = []
    for index, role in enumerate(["president", "secretary", "member"]):
        user = make_user("board")
        person = person_with_user(user=user)
        declaration_submit(
            actor=user,
            person=person,
            year=date.today().year,
            data={"no_elected_office": True},
            offices=[],
        )
        mandate_create(
            actor=None, body=board, person=person, role=role, starts_on=date(2025, 1, index + 1)
        )
        members.append(user)
    return members


# --- transactional tests and the append-only audit log ---------------------------------------
# Django empties the database after a transactional test with TRUNCATE (PostgreSQL) or DELETE
# (SQLite), which the audit log's triggers refuse. ``audit_flushable`` lifts the triggers just
# before that flush; they are put back as soon as the flush is done (post_migrate).

from django.db import connection as _connection  # noqa: E402
from django.db.models.signals import post_migrate  # noqa: E402

_SQLITE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (DELETE refused)'); END;"
)


def _restore_triggers(**kwargs):
    with _connection.cursor() as cursor:
        if _connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute(_SQLITE_TRIGGER)


post_migrate.connect(_restore_triggers, dispatch_uid="governance-tests-restore-audit")


@pytest.fixture
def audit_flushable(transactional_db):
    yield
    with _connection.cursor() as cursor:
        if _connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")

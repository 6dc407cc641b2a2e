"""Transactional tests (threads, live server) end with a flush, which the append-only audit
log refuses (PostgreSQL: trigger on DELETE/TRUNCATE; SQLite: trigger on DELETE).
``audit_flushable`` lets that flush through; the module-scoped fixture puts the guard back
once the module is done, so later tests still see it."""

from importlib import import_module

import pytest
from django.db import connection

_SQLITE_DELETE_GUARD = next(
    statement
    for statement in import_module("guild.core.migrations.0002_audit_append_only").SQLITE_UP
    if "no_delete" in statement
).replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1)
_state = {"sqlite_dropped": False}


@pytest.fixture(scope="module")
def _restore_audit_triggers(django_db_blocker):
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
        elif _state["sqlite_dropped"]:
            cursor.execute(_SQLITE_DELETE_GUARD)
            _state["sqlite_dropped"] = False


@pytest.fixture
def audit_flushable(_restore_audit_triggers):
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        elif connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")
            _state["sqlite_dropped"] = True

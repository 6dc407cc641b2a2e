"""Transactional tests (threads, live server) end with a flush, which the append-only audit
log refuses on PostgreSQL (trigger on DELETE/TRUNCATE). ``audit_flushable`` lets that flush
through by disabling triggers for the rest of the test's connection; the module-scoped
fixture turns them back on once the module is done, so later tests see the guard again."""

import pytest
from django.db import connection


@pytest.fixture(scope="module")
def _restore_audit_triggers(django_db_blocker):
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.fixture
def audit_flushable(_restore_audit_triggers):
    yield
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")

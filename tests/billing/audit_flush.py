"""Shared by billing and members tests: let transactional tests flush the audit log."""

import contextlib

import pytest
from django.conf import settings

SQLITE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON core_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (DELETE refused)'); END;"
)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests end with a flush of every table, which the audit log's append-only
    triggers refuse: lift the trigger for the flush only (core should offer this; reported)."""
    marker = item.get_closest_marker("django_db")
    lift = bool(marker and marker.kwargs.get("transaction"))
    if lift:
        _trigger(item, enable=False)
    try:
        return (yield)
    finally:
        if lift:
            _trigger(item, enable=True)


def _trigger(item, *, enable: bool) -> None:
    from django.db import connection
    from django.db.utils import DatabaseError
    from pytest_django.plugin import blocking_manager_key

    if settings.IS_POSTGRES:
        action = "ENABLE" if enable else "DISABLE"
        sql = f"ALTER TABLE core_auditentry {action} TRIGGER core_auditentry_no_truncate"
    else:
        sql = SQLITE_TRIGGER if enable else "DROP TRIGGER IF EXISTS core_auditentry_no_delete"
    # DatabaseError: the test database was already destroyed (last test)
    with (
        item.config.stash[blocking_manager_key].unblock(),
        connection.cursor() as cursor,
        contextlib.suppress(DatabaseError),
    ):
        cursor.execute(sql)

import pytest
from django.conf import settings


@pytest.fixture
def treasurer(make_user):
    return make_user("treasurer", first_name="Thérèse", last_name="Trésor")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests end with a TRUNCATE of every table, which the audit log's
    append-only trigger refuses on PostgreSQL: lift that one trigger for the flush only."""
    marker = item.get_closest_marker("django_db")
    lift = bool(settings.IS_POSTGRES and marker and marker.kwargs.get("transaction"))
    if lift:
        _trigger(item, "DISABLE")
    try:
        return (yield)
    finally:
        if lift:
            _trigger(item, "ENABLE")


def _trigger(item, action: str) -> None:
    from django.db import connection
    from django.db.utils import ProgrammingError
    from pytest_django.plugin import blocking_manager_key

    sql = f"ALTER TABLE core_auditentry {action} TRIGGER core_auditentry_no_truncate"
    with item.config.stash[blocking_manager_key].unblock(), connection.cursor() as cursor:
        try:
            cursor.execute(sql)
        except ProgrammingError:  # the test database was already destroyed (last test)
            pass

import pytest


@pytest.fixture
def page(browser, live_server):
    """The shared ``page`` fixture, with ``bypass_csp`` so that ``axe(page)`` can inject
    axe-core (``add_script_tag`` inlines the script, which the strict CSP blocks). The pages'
    own scripts still load from 'self' as in production."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
        bypass_csp=True,
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(f"{msg.text} {msg.location.get('url', '')}")
            if msg.type == "error" and "favicon" not in f"{msg.text} {msg.location}"
            else None
        ),
    )
    page.js_errors = errors
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield page
    context.close()


# --- flushing a live-server database that holds audit entries ---------------------------------
# The audit log refuses DELETE/TRUNCATE at the database level, so pytest-django's flush after a
# transactional test fails once a service has logged something. Until core offers a test hook,
# lift the guard just for the flush and put it back afterwards.

_SQLITE_TRIGGERS = {
    "core_auditentry_no_update": "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE "
    "UPDATE ON core_auditentry BEGIN SELECT RAISE(ABORT, 'the audit log is append-only "
    "(UPDATE refused)'); END;",
    "core_auditentry_no_delete": "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE "
    "DELETE ON core_auditentry BEGIN SELECT RAISE(ABORT, 'the audit log is append-only "
    "(DELETE refused)'); END;",
}


@pytest.fixture(autouse=True)
def _restore_audit_guard():
    yield
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for statement in _SQLITE_TRIGGERS.values():
                cursor.execute(statement)


@pytest.fixture(autouse=True)
def _lift_audit_guard_for_flush(_restore_audit_guard, transactional_db):
    yield
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            for name in _SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DELETE FROM core_auditentry")

"""Shared fixtures: users and roles, tasks, a real SMTP server on loopback, the browser."""

from __future__ import annotations

import os
import socket
import threading
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory, grant_role

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run in
# a thread with a running loop unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_JS = Path(__file__).parent / "e2e" / "vendor" / "axe.min.js"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath) or "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
    if not settings.IS_POSTGRES:
        skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip_pg)


# --- transactional tests and the append-only audit log ---------------------------------------
# A transactional test (threads, live server, ``transactional_db``) ends with a flush of every
# table: TRUNCATE on PostgreSQL, DELETE on SQLite. The audit log's append-only triggers refuse
# both, so the trigger that the flush trips is lifted for this test's teardown only, in the
# test database, and put back as soon as the teardown is over.

_SQLITE_DELETE_GUARD = next(
    statement
    for statement in import_module("guild.core.migrations.0002_audit_append_only").SQLITE_UP
    if "no_delete" in statement
).replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1)


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or (
        "transactional_db" in getattr(item, "fixturenames", ())
    )


def _audit_flush_guard(item, *, enabled: bool) -> None:
    from django.db import connection
    from django.db.utils import DatabaseError
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        try:
            with connection.cursor() as cursor:
                if "core_auditentry" not in connection.introspection.table_names(cursor):
                    # The session's last test: its teardown destroyed the test database and
                    # the connection is back on the database the tests were started with.
                    return
                if connection.vendor == "postgresql":
                    action = "ENABLE" if enabled else "DISABLE"
                    cursor.execute(
                        f"ALTER TABLE core_auditentry {action} TRIGGER core_auditentry_no_truncate"
                    )
                elif enabled:
                    cursor.execute(_SQLITE_DELETE_GUARD)
                else:
                    cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")
        except DatabaseError:
            if not enabled:
                raise
            # Putting the guard back after the last test: the test database is gone.


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    if not _transactional(item):
        return (yield)
    _audit_flush_guard(item, enabled=False)
    try:
        return (yield)
    finally:
        _audit_flush_guard(item, enabled=True)


@pytest.fixture(autouse=True)
def _tasks_immediate_by_default(settings):
    """Tests run tasks when they are enqueued (Django's immediate backend) unless a test sets
    ``settings.TASKS`` to a worker backend (database or Redis) to exercise the real queue."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reference tables filled by data migrations (NAF codes, the skills taxonomy) are emptied
    by the flush that ends each transactional test; put them back for the tests that follow."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if (
        marker
        and marker.kwargs.get("transaction")
        or "transactional_db" in names
        or "live_server" in names
    ):
        request.getfixturevalue("transactional_db")
    elif marker or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from importlib import import_module

    from django.apps import apps

    from guild.members.models import NafCode
    from guild.sourcing import skills_seed
    from guild.sourcing.models import Skill

    if not NafCode.objects.exists():
        import_module("guild.members.migrations.0004_naf_rev2_complete").load(apps, None)
    if not Skill.objects.exists():
        skills_seed.seed(Skill)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def make_user(db):
    def _make(*roles: str, **kwargs):
        created = UserFactory(**kwargs)
        for role in roles:
            grant_role(created, role)
        return created

    return _make


@pytest.fixture
def admin_user(make_user):
    return make_user("administrator", first_name="Ada", last_name="Admin")


@pytest.fixture
def staff_user(make_user):
    return make_user("staff", first_name="Sam", last_name="Staff")


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client logged in as ``user``."""

    def _login(some_user):
        client.force_login(some_user)
        return client

    return _login


# --- real SMTP server on loopback --------------------------------------------------------------


class _Inbox:
    def __init__(self):
        self.messages: list = []
        self.envelopes: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        import email
        from email import policy

        with self.lock:
            self.envelopes.append(envelope)
            self.messages.append(
                email.message_from_bytes(
                    envelope.original_content or envelope.content, policy=policy.default
                )
            )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_mailers(port: int, timeout: float | None = None) -> dict:
    """``MAILERS`` whose default mailer is Django's SMTP backend on 127.0.0.1:``port``."""
    options = {"host": "127.0.0.1", "port": port, "timeout": timeout}
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1; Django's SMTP backend points to it."""
    from aiosmtpd.controller import Controller

    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = smtp_mailers(port)
    try:
        yield inbox
    finally:
        controller.stop()


# --- browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    path = settings.CHROMIUM_PATH
    if not Path(path).exists():
        pytest.fail(
            f"Browser tests need Debian's Chromium at {path}: apt-get install chromium "
            "(or run with E2E=skip to skip them explicitly)."
        )
    browser = _playwright.chromium.launch(
        executable_path=path,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text) if msg.type == "error" and "favicon" not in msg.text else None
        ),
    )
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def axe():
    """``axe(page)`` runs axe-core on the page and fails on serious or critical violations."""

    def _check(page, *, context: str = "document"):
        # evaluate, not an injected <script>: the strict CSP refuses inline scripts.
        page.evaluate(AXE_JS.read_text())
        result = page.evaluate(
            """async (ctx) => {
                const r = await axe.run(ctx === 'document' ? document : ctx,
                  {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }""",
            context,
        )
        bad = [v for v in result if v["impact"] in {"serious", "critical"}]
        assert not bad, f"accessibility violations on {page.url}: {bad}"
        return result

    return _check

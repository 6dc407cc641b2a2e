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
    """Let pytest-django flush the database after a transactional test.

    core's audit log refuses TRUNCATE (PostgreSQL) and DELETE (SQLite) through triggers, which
    breaks the flush after every transactional test that wrote an audit entry. We lift that
    one trigger just before the flush and restore it from the ``post_migrate`` signal the flush
    emits. (Reported for core: such a fixture belongs in tests/conftest.py.)
    """
    from django.db import connection
    from django.db.models.signals import post_migrate

    yield
    if connection.vendor == "postgresql":
        lift = ["ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_no_truncate"]
        restore = ["ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_no_truncate"]
    else:
        lift = ["DROP TRIGGER IF EXISTS core_auditentry_no_delete"]
        restore = [
            "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_delete BEFORE DELETE ON "
            "core_auditentry BEGIN SELECT RAISE(ABORT, "
            "'the audit log is append-only (DELETE refused)'); END;"
        ]

    def reenable(**kwargs):
        post_migrate.disconnect(dispatch_uid="cw-audit-reenable")
        with connection.cursor() as cursor:
            for sql in restore:
                cursor.execute(sql)

    post_migrate.connect(reenable, weak=False, dispatch_uid="cw-audit-reenable")
    with connection.cursor() as cursor:
        for sql in lift:
            cursor.execute(sql)


@pytest.fixture
def axe():
    """The shared ``axe`` check, run on the page's <main> (the layout is core's) and injecting
    axe-core with ``page.evaluate`` (``add_script_tag`` is blocked by the strict CSP)."""
    from tests.conftest import AXE_JS

    source = AXE_JS.read_text()

    def _check(page):
        page.evaluate(source)
        result = page.evaluate(
            """async () => {
                const r = await axe.run(document.querySelector('main') || document,
                  {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }"""
        )
        bad = [v for v in result if v["impact"] in {"serious", "critical"}]
        assert not bad, f"accessibility violations on {page.url}: {bad}"
        return result

    return _check

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore


@pytest.fixture
def login_as(page, live_server, transactional_db):
    """Put ``user``'s session cookie in the browser (a fresh context per call)."""

    def _login(user):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        page.context.clear_cookies()
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session.session_key,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return _login


@pytest.fixture
def axe():
    """Like the shared ``axe`` fixture, but loads axe-core through the DevTools protocol (the
    shared one injects an inline <script>, which our strict CSP rightly blocks) and checks
    <main>, the part this app renders (the shared header and footer are checked by core)."""
    from tests.conftest import AXE_JS

    source = AXE_JS.read_text()

    def _check(page):
        page.evaluate(f"() => {{ {source}\n; window.axe = axe; }}")
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

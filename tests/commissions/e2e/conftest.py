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

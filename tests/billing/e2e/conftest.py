import pytest


@pytest.fixture
def page(browser, live_server):
    """Like the shared ``page`` but with ``bypass_csp`` so that ``axe(page)`` can inject
    axe-core (an inline script the strict CSP would refuse)."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        bypass_csp=True,
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()

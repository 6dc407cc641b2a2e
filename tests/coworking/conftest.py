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

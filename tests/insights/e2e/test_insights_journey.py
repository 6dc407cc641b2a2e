"""Browser journey: staff import a Sirene sample, the board reads the figures by département,
the PDF report carries the same figures, the independence page answers."""

from __future__ import annotations

import re
import sys

import pytest

from guild.insights.models import Baseline
from tests.factories import DEFAULT_PASSWORD
from tests.insights.conftest import SAMPLE
from tests.insights.factories import OrganisationFactory, PersonFactory, active_membership

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module", autouse=True)
def _flushable_audit_log():
    """Let the live-server test's final flush empty the append-only audit log.

    Core's triggers refuse DELETE/TRUNCATE on ``core_auditentry``, so the flush that ends a
    transactional test fails as soon as a service has written an audit entry. For this module
    only, the flush statements run with the triggers bypassed (PostgreSQL: replica role;
    SQLite: the DELETE trigger dropped then recreated). Module scope: the patch outlives the
    function-scoped flush. Reported to core's owner.
    """
    from django.db import connection

    ops_class = type(connection.ops)
    original = ops_class.sql_flush
    sqlite_up = (
        __import__("importlib")
        .import_module("guild.core.migrations.0002_audit_append_only")
        .SQLITE_UP
    )

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if "core_auditentry" not in tables or not statements:
            return statements
        if self.connection.vendor == "postgresql":
            return [
                "SET session_replication_role = replica",
                *statements,
                "SET session_replication_role = DEFAULT",
            ]
        return ["DROP TRIGGER IF EXISTS core_auditentry_no_delete", *statements, sqlite_up[1]]

    ops_class.sql_flush = sql_flush
    yield
    ops_class.sql_flush = original


def login(page, user):
    page.goto("/auth/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def axe(page):
    """Run axe-core on the page's main content.

    The shared fixture's ``add_script_tag`` is blocked by the strict CSP, so axe is injected with
    ``evaluate``; the shared header and footer (core) are left out: their contrast issues are
    reported to core's owner (same as the accounts journey)."""
    from tests.conftest import AXE_JS

    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run({exclude: [['.site-footer'], ['.site-header']]},
              {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    bad = [v for v in result if v["impact"] in {"serious", "critical"}]
    assert not bad, f"accessibility violations on {page.url}: {bad}"


def layout_text(html: str) -> str:
    """The text WeasyPrint lays out on the report's pages."""
    from weasyprint import HTML

    from guild.core.pdf import _url_fetcher

    document = HTML(string=html, base_url="static:", url_fetcher=_url_fetcher).render()
    texts = []

    def walk(box):
        if getattr(box, "text", None):
            texts.append(box.text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(texts)


def test_import_dashboard_report_and_independence(
    page, live_server, limousin, make_user, monkeypatch
):
    monkeypatch.setitem(sys.modules, "guild.billing.selectors", None)
    monkeypatch.setitem(sys.modules, "guild.governance.selectors", None)
    staff = make_user("staff", "board")
    active_membership(organisation=OrganisationFactory(siren="552081317"))
    active_membership(person=PersonFactory(is_independent=True, siret="84567890300013"))

    bad_responses = []
    page.on("response", lambda r: bad_responses.append(r.url) if r.status >= 400 else None)
    login(page, staff)
    page.goto("/manage/insights/import/")
    axe(page)
    page.set_input_files("input[name=file]", str(SAMPLE))
    page.fill("input[name=stock_date]", "2026-11-01")
    page.get_by_role("button", name="Importer").click()
    page.wait_for_load_state()
    assert "Import terminé : 13 établissements retenus sur 20 lignes lues." in page.content()
    baseline = Baseline.objects.get(is_current=True)

    page.get_by_role("link", name="Voir les chiffres").click()
    page.wait_for_load_state()
    assert page.locator("#share-establishments").inner_text().startswith("23,1")
    table = page.get_by_role("table", name="Département")
    rows = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in table.locator("tbody tr").all()
    }
    # 19: 1 of 3 establishments (Tulle agency of a member company), 7.5 of 11.5 jobs
    assert rows["Corrèze (19)"][:3] == ["3", "1", "33,3 %"]
    assert rows["Corrèze (19)"][5] == "65,2 %"
    # 23: the freelancer's establishment in Guéret
    assert rows["Creuse (23)"][:3] == ["2", "1", "50,0 %"]
    assert rows["Haute-Vienne (87)"][:3] == ["8", "1", "12,5 %"]
    axe(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le rapport PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"filiere-numerique-baseline-{baseline.pk}.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(4) == b"%PDF"

    from django.template.loader import render_to_string
    from django.utils import translation

    from guild.core.identity import get_identity
    from guild.insights.views import report_context

    with translation.override("fr"):
        html = render_to_string(
            "insights/pdf/report.html", {"identity": get_identity(), **report_context(baseline)}
        )
    text = re.sub(r"\s+", " ", layout_text(html))
    assert f"référence n° {baseline.pk}" in text
    assert "3 des 13 établissements numériques actifs (23,1 %)" in text
    for figure in ("33,3 %", "50,0 %", "12,5 %", "65,2 %"):
        assert figure in text

    page.goto("/insights/independence/")
    assert "Recettes par origine : données non disponibles." in page.content()
    axe(page)
    page.goto("/insights/")
    assert "Nos adhérents représentent 23,1 %" in page.content()
    axe(page)
    # Chromium's own favicon request 404s without a page "response" event: only real errors.
    assert not bad_responses
    assert not [e for e in page.js_errors if not e.startswith("Failed to load resource")]

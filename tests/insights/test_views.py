"""Pages, exports, PDF report, settings and API of the insights app."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guild.core.models import AuditEntry
from guild.insights.models import Baseline, InsightsSettings
from tests.insights.conftest import SAMPLE
from tests.insights.factories import OrganisationFactory, active_membership, make_baseline

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(limousin, staff_user):
    from io import BytesIO

    from guild.insights.services import baseline_import

    baseline = baseline_import(
        actor=staff_user, raw=BytesIO(SAMPLE.read_bytes()), source_name=SAMPLE.name
    )
    active_membership(organisation=OrganisationFactory(siren="552081317"))
    return baseline


def test_pages_need_the_right_role(client_for, make_user, limousin):
    member = make_user()
    client = client_for(member)
    for url in (
        "/manage/insights/",
        "/manage/insights/import/",
        "/manage/insights/settings/",
        "/manage/insights/report.pdf",
        "/manage/insights/export/naf.csv",
    ):
        assert client.get(url).status_code == 403, url


def test_board_cannot_import(client_for, board_user, limousin):
    assert client_for(board_user).get("/manage/insights/import/").status_code == 403
    assert client_for(board_user).get("/manage/insights/").status_code == 200


def test_dashboard_without_baseline(client_for, board_user, limousin):
    text = client_for(board_user).get("/manage/insights/").content.decode()
    assert "Aucune référence pour l’instant" in text


def test_upload_sample(client_for, staff_user, limousin):
    client = client_for(staff_user)
    assert client.get("/manage/insights/import/").status_code == 200
    upload = SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes(), content_type="text/csv")
    response = client.post(
        "/manage/insights/import/", {"file": upload, "stock_date": "2026-11-01"}, follow=True
    )
    baseline = Baseline.objects.get(is_current=True)
    assert baseline.rows_kept == 13
    text = response.content.decode()
    assert "Import terminé : 13 établissements retenus sur 20 lignes lues." in text


def test_upload_refused_file_keeps_previous(client_for, staff_user, imported):
    client = client_for(staff_user)
    bad = SAMPLE.read_bytes().replace(b"codeCommuneEtablissement", b"commune", 1)
    upload = SimpleUploadedFile("bad.csv", bad, content_type="text/csv")
    response = client.post(
        "/manage/insights/import/", {"file": upload, "stock_date": "2026-11-01"}, follow=True
    )
    text = response.content.decode()
    assert "Le fichier a été refusé ; la référence précédente reste en vigueur." in text
    assert "La colonne « codeCommuneEtablissement » manque dans l’en-tête." in text
    assert Baseline.objects.get(is_current=True) == imported


def test_upload_wrong_extension(client_for, staff_user, limousin):
    upload = SimpleUploadedFile("stock.xls", b"x", content_type="application/vnd.ms-excel")
    response = client_for(staff_user).post(
        "/manage/insights/import/", {"file": upload, "stock_date": "2026-11-01"}
    )
    assert "Déposez un fichier .csv, .csv.gz ou .zip." in response.content.decode()
    assert not Baseline.objects.exists()


def test_dashboard_figures(client_for, board_user, imported):
    text = client_for(board_user).get("/manage/insights/").content.decode()
    assert 'id="share-establishments">15,4 %' in text or 'id="share-establishments">15.4 %' in text
    assert "<svg" in text
    assert "Par département" in text
    assert "LIMOGES (87085)" in text


def test_dashboard_other_baseline_and_bad_param(client_for, board_user, imported):
    older = make_baseline([{"siret": "55208131700018"}], current=False)
    client = client_for(board_user)
    text = client.get(f"/manage/insights/?baseline={older.pk}").content.decode()
    assert f"Référence n° {older.pk}" in text
    assert client.get("/manage/insights/?baseline=abc").status_code == 404


def test_baseline_detail(client_for, staff_user, imported):
    text = client_for(staff_user).get(f"/manage/insights/baselines/{imported.pk}/").content
    assert b"Voir les chiffres" in text


def test_report_pdf(client_for, board_user, imported):
    response = client_for(board_user).get("/manage/insights/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"baseline-{imported.pk}.pdf" in response["Content-Disposition"]


def test_report_without_baseline_redirects(client_for, board_user, limousin):
    response = client_for(board_user).get("/manage/insights/report.pdf")
    assert response.status_code == 302


def test_exports(client_for, board_user, imported):
    client = client_for(board_user)
    response = client.get("/manage/insights/export/departements.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "19;Corrèze (19);3;1;33,3;1;0;11,5;7,5;65,2" in response.content.decode("utf-8-sig")
    response = client.get(f"/manage/insights/export/naf.xlsx?baseline={imported.pk}")
    assert response.content[:2] == b"PK"
    assert client.get("/manage/insights/export/nope.csv").status_code == 404
    assert client.get("/manage/insights/export/naf.pdf").status_code == 404


def test_settings(client_for, board_user, limousin):
    client = client_for(board_user)
    assert client.get("/manage/insights/settings/").status_code == 200
    data = {
        "region_name": "Limousin",
        "departements": "87, 19,23,87",
        "publish_by_naf": "on",
        "publish_independence": "on",
    }
    response = client.post("/manage/insights/settings/", data, follow=True)
    assert "Réglages enregistrés." in response.content.decode()
    config = InsightsSettings.objects.get(pk=1)
    assert config.departements == "87,19,23"
    assert config.publish_by_naf
    assert not config.publish_by_departement
    assert AuditEntry.objects.filter(action="insights.settings_update").exists()


def test_settings_refuses_unknown_departement(client_for, board_user, limousin):
    client = client_for(board_user)
    response = client.post(
        "/manage/insights/settings/", {"region_name": "X", "departements": "87,99,20"}
    )
    assert "Code(s) de département inconnu(s) : 99, 20." in response.content.decode()
    response = client.post(
        "/manage/insights/settings/", {"region_name": "X", "departements": " , "}
    )
    assert "Indiquez au moins un département." in response.content.decode()
    assert InsightsSettings.objects.get(pk=1).departements == "19,23,87"


def test_public_page(client, imported, limousin):
    text = client.get("/insights/").content.decode()
    assert "Nos adhérents représentent" in text
    assert "Principales communes" not in text  # back-office only
    limousin.publish_by_departement = False
    limousin.publish_by_naf = True
    limousin.publish_by_headcount = True
    limousin.publish_growth = True
    limousin.save()
    text = client.get("/insights/").content.decode()
    assert "Nos adhérents représentent" not in text
    assert "Par activité (code NAF)" in text
    assert "Par tranche d’effectif" in text


def test_public_page_without_baseline(client, limousin):
    assert client.get("/insights/").status_code == 200


def test_api_published_figures(client, imported, limousin):
    data = client.get("/api/v1/insights/representativeness/").json()
    assert data["baseline_id"] == imported.pk
    assert data["totals"]["total"] == 13
    assert data["totals"]["represented"] == 2
    assert [row["key"] for row in data["by_departement"]] == ["19", "23", "87"]
    assert data["by_naf"] is None
    limousin.publish_jobs = False
    limousin.publish_by_naf = True
    limousin.save()
    data = client.get("/api/v1/insights/representativeness/").json()
    assert data["totals"]["jobs"] is None
    assert data["by_naf"][0]["jobs_share"] is None


def test_api_without_baseline(client, limousin):
    data = client.get("/api/v1/insights/representativeness/").json()
    assert data["baseline_id"] is None
    assert data["totals"] is None


def test_api_query_count_is_constant(client, limousin, django_assert_max_num_queries):
    make_baseline(
        [{"siret": f"{200000000 + i:09d}00011", "commune": f"87{i:03d}"} for i in range(30)]
    )
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/insights/representativeness/").status_code == 200


def test_charts_escape_and_handle_gaps():
    from guild.insights import charts

    svg = charts.bar_chart([("<b>", 5), ("x" * 40, 2.5)], title="T & co")
    assert "&lt;b&gt;" in svg
    assert "T &amp; co" in svg
    assert "2,5" in svg
    assert "…" in svg
    assert "–" in charts.bar_chart([], title="vide")
    line = charts.line_chart(
        [("a", 1), ("b", None), ("c", 2), ("d", 3)],
        title="L",
        reference=2.5,
        reference_label="plafond",
        unit=" %",
    )
    assert line.count("<polyline") == 1
    assert "plafond" in line
    assert "<polyline" not in charts.line_chart([("a", None)], title="rien")


def test_demo_is_idempotent(limousin):
    from io import StringIO

    from guild.core.demo import DemoContext
    from guild.insights import demo

    OrganisationFactory(siret="55208131700018")
    ctx = DemoContext(stdout=StringIO())
    InsightsSettings.objects.filter(pk=1).update(departements="16,17,19,23,24,33,64,86,87")
    demo.seed(ctx)
    demo.seed(ctx)
    assert Baseline.objects.count() == 1
    assert Baseline.objects.get().status == "succeeded"


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_import_page_query_count_is_constant(client_for, staff_user, limousin):
    client = client_for(staff_user)
    for _ in range(3):
        make_baseline([], current=False)
    few = _queries(client, "/manage/insights/import/")
    for _ in range(27):
        make_baseline([], current=False)
    assert _queries(client, "/manage/insights/import/") == few


def test_dashboard_query_count_is_constant(client_for, board_user, limousin):
    client = client_for(board_user)
    make_baseline(
        [{"siret": f"{300000000 + i:09d}00011", "commune": f"87{i:03d}"} for i in range(3)]
    )
    few = _queries(client, "/manage/insights/")
    make_baseline(
        [
            {
                "siret": f"{400000000 + i:09d}00011",
                "commune": f"87{i:03d}",
                "dep": ["19", "23", "87"][i % 3],
            }
            for i in range(30)
        ]
    )
    for i in range(0, 30, 3):
        active_membership(organisation=OrganisationFactory(siret=f"{400000000 + i:09d}00011"))
    assert _queries(client, "/manage/insights/") == few


def test_dashboard_growth_table(client_for, board_user, imported):
    text = client_for(board_user).get("/manage/insights/").content.decode()
    assert "Adhésions actives en fin de mois (12 derniers mois)" in text

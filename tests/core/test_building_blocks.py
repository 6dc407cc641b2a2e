from decimal import Decimal

import pytest
from django.core.management import call_command

from guild.core.money import format_eur, to_money, vat_split
from guild.core.pdf import render_pdf
from guild.core.qr import qr_png, qr_svg, qr_svg_data_uri


def test_vat_split_rounds_half_up_per_line():
    amounts = vat_split("10.05", Decimal("20.00"))
    assert amounts.vat == Decimal("2.01")
    assert amounts.gross == Decimal("12.06")
    assert to_money("0.005") == Decimal("0.01")


def test_format_eur_french_and_english():
    assert format_eur(Decimal("1234.5")) == "1\u202f234,50\u00a0€"
    assert format_eur(Decimal("-3"), "en") == "-€3.00"


def test_qr_outputs():
    assert qr_svg("GUILD").startswith("<svg")
    assert qr_svg_data_uri("GUILD").startswith("data:image/svg+xml")
    assert qr_png("GUILD").startswith(b"\x89PNG")


@pytest.mark.django_db
def test_pdf_renders_offline_and_refuses_external_resources(tmp_path):
    pdf = render_pdf("core/pdf/test.html", {"title": "Procès-verbal"})
    assert pdf.startswith(b"%PDF")
    from guild.core.pdf import _url_fetcher

    with pytest.raises(ValueError):
        _url_fetcher("https://example.org/tracker.png")
    with pytest.raises(ValueError):
        _url_fetcher("file:///etc/passwd")


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_logins(capsys):
    call_command("demo")
    first = capsys.readouterr().out
    call_command("demo")
    second = capsys.readouterr().out
    from guild.accounts.models import User

    assert User.objects.filter(email="admin@demo.guild.fr").count() == 1
    assert "admin@demo.guild.fr" in first and "admin@demo.guild.fr" in second


@pytest.mark.django_db
def test_scheduler_runs_every_job_once(capsys):
    call_command("scheduler", once=True)


def test_pdf_fetcher_serves_static_files_only():
    from guild.core.pdf import _local_path, _url_fetcher

    assert _local_path("static:vendor/bootstrap/bootstrap.min.css").endswith("bootstrap.min.css")
    assert _local_path("/static/nope/missing.css") is None
    response = _url_fetcher("/static/guild/guild.css")
    assert response is not None


def test_deploy_check_warns_without_https(settings):
    from guild.core.checks import site_url_check

    settings.SITE_URL = "http://asso.example.org"
    assert [w.id for w in site_url_check(None)] == ["guild.W001"]
    settings.SITE_URL = "https://asso.example.org"
    assert site_url_check(None) == []

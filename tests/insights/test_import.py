"""Sirene import: streaming filter, validation of every kept row, baseline switch."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest

from guild.core.models import AuditEntry
from guild.insights import sirene
from guild.insights.models import Baseline, Establishment
from guild.insights.services import baseline_import

KEPT = 13


def run(data: bytes, name="StockEtablissement_utf8.csv", actor=None):
    return baseline_import(actor=actor, raw=io.BytesIO(data), source_name=name)


def replace_line(data: bytes, index: int, old: bytes, new: bytes) -> bytes:
    lines = data.split(b"\n")
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new, 1)
    return b"\n".join(lines)


def test_departement_of_handles_overseas_and_corsica():
    assert sirene.departement_of("87085") == "87"
    assert sirene.departement_of("97411") == "974"
    assert sirene.departement_of("2A004") == "2A"


def test_naf_variants_accept_both_spellings():
    assert sirene.naf_variants("62.01Z") == {"62.01Z", "6201Z"}
    assert "62.01Z" in sirene.naf_variants("6201Z")


def test_header_follows_insee_order():
    assert sirene.SIRENE_COLUMNS[:3] == ["siren", "nic", "siret"]
    assert set(sirene.REQUIRED_COLUMNS) <= set(sirene.SIRENE_COLUMNS)


def test_import_sample_keeps_active_digital_establishments_of_the_region(
    limousin, sample_bytes, staff_user
):
    baseline = run(sample_bytes, actor=staff_user)
    assert baseline.status == Baseline.Status.SUCCEEDED, baseline.errors
    assert baseline.is_current
    assert baseline.rows_read == 20
    assert baseline.rows_kept == KEPT
    sirets = set(Establishment.objects.filter(baseline=baseline).values_list("siret", flat=True))
    assert "55208131700018" in sirets
    assert "55208131700026" in sirets
    assert "88901234700016" not in sirets  # closed (F)
    assert "89012345800012" not in sirets  # restaurant, not digital
    assert "91234567000014" not in sirets  # Bordeaux, outside the region
    assert "90123456900018" in sirets  # NAFRev1 code flagged digital
    tulle = Establishment.objects.get(siret="55208131700026")
    assert (tulle.departement, tulle.commune_code, tulle.headcount_band) == ("19", "19272", "03")
    assert tulle.estimated_jobs == 7.5
    assert Establishment.objects.get(siret="85678901400019").headcount_band == "NN"
    assert AuditEntry.objects.filter(action="insights.baseline_import").exists()


def test_reimport_replaces_current_and_keeps_previous(limousin, sample_bytes, monkeypatch):
    monkeypatch.setattr("guild.insights.services.BATCH_SIZE", 4)
    first = run(sample_bytes)
    second = run(sample_bytes)
    first.refresh_from_db()
    assert not first.is_current
    assert second.is_current
    assert Establishment.objects.filter(baseline=first).count() == KEPT
    assert Establishment.objects.filter(baseline=second).count() == KEPT


def test_gzip_and_zip_files(limousin, sample_bytes):
    assert run(gzip.compress(sample_bytes), "stock.csv.gz").rows_kept == KEPT
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("StockEtablissement_utf8.csv", sample_bytes)
    assert run(buffer.getvalue(), "StockEtablissement_utf8.zip").rows_kept == KEPT


def assert_refused(baseline, previous, fragment):
    assert baseline.status == Baseline.Status.FAILED
    assert not baseline.is_current
    assert not Establishment.objects.filter(baseline=baseline).exists()
    messages = " | ".join(error["message"] for error in baseline.errors)
    assert fragment in messages, messages
    previous.refresh_from_db()
    assert previous.is_current
    assert Baseline.objects.get(is_current=True) == previous


@pytest.fixture
def previous(limousin, sample_bytes):
    return run(sample_bytes)


def test_missing_column_is_refused(previous, sample_bytes):
    data = sample_bytes.replace(b"trancheEffectifsEtablissement", b"tranche", 1)
    baseline = run(data)
    assert_refused(baseline, previous, "La colonne « trancheEffectifsEtablissement » manque")
    assert baseline.errors[0]["line"] == 1


def test_bad_encoding_is_refused(previous, sample_bytes):
    data = replace_line(sample_bytes, 6, b"GUERET", "GUÉRET".encode("latin-1"))
    assert_refused(run(data), previous, "n’est pas encodé en UTF-8")


def test_bad_encoding_in_header_is_refused(previous, sample_bytes):
    assert_refused(run(b"\xff\xfe" + sample_bytes), previous, "n’est pas encodé en UTF-8")


def test_truncated_last_line_is_refused(previous, sample_bytes):
    data = sample_bytes.rstrip(b"\n")
    data = data[: data.rfind(b"\n") + 80]
    baseline = run(data)
    assert_refused(baseline, previous, "tronqué")
    assert baseline.errors[0]["line"] == 21


def test_unknown_nomenclature_is_refused(previous, sample_bytes):
    data = replace_line(sample_bytes, 11, b"NAFRev2", b"NAFRev9")
    baseline = run(data)
    assert_refused(baseline, previous, "Nomenclature NAF inconnue « NAFRev9 »")
    assert baseline.errors[0] == {
        "line": 12,
        "column": "nomenclatureActivitePrincipaleEtablissement",
        "message": baseline.errors[0]["message"],
    }


def test_file_without_the_regions_departements_is_refused(previous, sample_bytes, limousin):
    limousin.departements = "2A,2B"
    limousin.save()
    assert_refused(run(sample_bytes), previous, "aucun établissement des départements")


def test_no_digital_establishment_is_refused(previous, sample_bytes, limousin):
    from guild.members.models import NafCode

    NafCode.objects.update(is_digital=False)
    assert_refused(run(sample_bytes), previous, "Aucun code NAF n’est marqué")
    NafCode.objects.filter(code="63.12Z").update(is_digital=True)
    data = sample_bytes.replace(b"63.12Z", b"56.10A")
    assert_refused(run(data), previous, "aucun établissement actif de la région")


def test_invalid_rows_are_reported_with_line_and_column(previous, sample_bytes):
    data = replace_line(sample_bytes, 1, b"2009-03-02", b"02/03/2009")
    data = replace_line(data, 3, b",NN,", b",7X,")
    data = replace_line(data, 4, b"82345678100011", b"82345678100099")
    data = replace_line(data, 5, b"834567892,", b"83456789,")
    baseline = run(data)
    assert_refused(baseline, previous, "Date invalide « 02/03/2009 »")
    columns = {(error["line"], error["column"]) for error in baseline.errors}
    assert {
        (2, "dateCreationEtablissement"),
        (4, "trancheEffectifsEtablissement"),
        (5, "siret"),
        (6, "siren"),
    } <= columns


def test_duplicate_siret_is_refused(previous, sample_bytes):
    lines = sample_bytes.split(b"\n")
    data = b"\n".join([*lines[:3], lines[1], *lines[3:]])
    assert_refused(run(data), previous, "apparaît deux fois")


def test_damaged_archives_are_refused(previous, sample_bytes):
    assert_refused(run(b"not a zip", "stock.zip"), previous, "endommagé")
    assert_refused(run(gzip.compress(sample_bytes)[:200], "stock.csv.gz"), previous, "endommagé")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", b"hello")
    assert_refused(run(buffer.getvalue(), "stock.zip"), previous, "aucun fichier CSV")


def test_empty_file_is_refused(previous):
    assert_refused(run(b""), previous, "Le fichier est vide")


def test_unreadable_csv_is_refused(previous, sample_bytes):
    data = sample_bytes + b'552081399,00011,"552081399'
    assert_refused(run(data), previous, "ne peut pas être lue")


def test_blank_lines_are_skipped(limousin, sample_bytes):
    lines = sample_bytes.split(b"\n")
    data = b"\n".join([*lines[:2], b"", *lines[2:]])
    assert run(data).rows_kept == KEPT


def test_many_errors_stop_at_the_cap(limousin, sample_bytes, monkeypatch):
    monkeypatch.setattr(sirene, "MAX_ERRORS", 2)
    data = sample_bytes.replace(b"NAFRev2", b"NAFRev9")
    assert len(run(data).errors) == 2
    data = sample_bytes.replace(b",2009-03-02,", b",x,").replace(b",2015-06-15,", b",y,")
    assert len(run(data).errors) == 2


def test_management_command(limousin, tmp_path, sample_bytes):
    from django.core.management import CommandError, call_command

    path = tmp_path / "StockEtablissement_utf8.csv"
    path.write_bytes(sample_bytes)
    out = io.StringIO()
    call_command("import_sirene", str(path), "--date", "2026-11-01", stdout=out)
    assert f"{KEPT} establishments kept" in out.getvalue()
    assert Baseline.objects.get(is_current=True).stock_date.isoformat() == "2026-11-01"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"siren,nic\n1,2\n")
    with pytest.raises(CommandError):
        call_command("import_sirene", str(bad), stderr=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_sirene", str(tmp_path / "missing.csv"))


def test_quoted_fields_with_commas_and_line_breaks(limousin, sample_bytes):
    data = replace_line(
        sample_bytes, 1, b",DU GENERAL LECLERC,", b',"DU GENERAL LECLERC, BAT. A\nETAGE 2",'
    )
    baseline = run(data)
    assert baseline.rows_kept == KEPT, baseline.errors
    assert baseline.rows_read == 20


def test_quoted_line_with_missing_columns_is_refused(previous, sample_bytes):
    data = sample_bytes + b'552081399,"00011",55208139900011\n'
    baseline = run(data)
    assert_refused(baseline, previous, "compte 3 colonnes au lieu de 53")
    assert baseline.errors[0]["line"] == 22

import io

import pytest
from openpyxl import Workbook

from guild.outreach.imports import import_contacts
from guild.outreach.models import Consent, Contact, Subscription

pytestmark = pytest.mark.django_db

GOOD = (
    "email;first_name;last_name;organisation;kind;departement;tags;lists;legal_basis;"
    "consent_wording;consent_date\n"
    "a@example.org;Anne;Roy;Pixel;prospect;64;web;newsletter;consent;J'accepte;2025-03-01\n"
    "b@example.org;Bob;Lee;;press;40;;newsletter;legitimate_interest;;\n"
)


def test_csv_dry_run_then_import(newsletter, admin_user):
    report = import_contacts(actor=admin_user, name="c.csv", content=GOOD.encode(), dry_run=True)
    assert report.ok
    assert len(report.rows) == 2
    assert not Contact.objects.exists()
    report = import_contacts(actor=admin_user, name="c.csv", content=GOOD.encode(), dry_run=False)
    assert report.written
    assert report.created == 2
    anne = Contact.objects.get(email="a@example.org")
    consent = anne.consents.get()
    assert consent.wording == "J'accepte"
    assert consent.recorded_at.year == 2025
    assert Subscription.objects.filter(status="active").count() == 2
    assert Consent.objects.get(contact__email="b@example.org").legal_basis == "legitimate_interest"


def test_bad_rows_reported_by_line_and_column_nothing_written(newsletter, admin_user):
    bad = GOOD + ("pas-un-email;X;;;alien;6400;;inconnue;;;hier\na@example.org;;;;;;;;consent;;\n")
    report = import_contacts(
        actor=admin_user, name="c.csv", content=bad.encode("latin-1", "replace"), dry_run=False
    )
    errors = {(line, col) for line, col, _msg in report.errors}
    assert {
        (4, "email"),
        (4, "legal_basis"),
        (4, "kind"),
        (4, "lists"),
        (4, "consent_date"),
        (4, "departement"),
        (5, "email"),
        (5, "consent_wording"),
    } <= errors
    messages = " ".join(m for *_x, m in report.errors)
    assert "Base légale obligatoire" in messages
    assert not Contact.objects.exists()


def test_missing_column_and_unreadable(newsletter, admin_user):
    report = import_contacts(
        actor=admin_user, name="c.csv", content=b"email\na@example.org\n", dry_run=False
    )
    assert report.errors == [(1, "legal_basis", "Colonne obligatoire manquante.")]
    report = import_contacts(actor=admin_user, name="c.xlsx", content=b"not a zip", dry_run=False)
    assert report.errors
    assert report.errors[0][0] == 0


def test_xlsx_import_and_exports(newsletter, admin_user, client_for):
    wb = Workbook()
    ws = wb.active
    ws.append(["email", "lists", "legal_basis", "consent_wording"])
    ws.append(["x@example.org", "newsletter", "consent", "Oui"])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = import_contacts(
        actor=admin_user, name="c.xlsx", content=buffer.getvalue(), dry_run=False
    )
    assert report.created == 1
    client = client_for(admin_user)
    response = client.get("/manage/outreach/contacts/export.csv")
    csv_export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "x@example.org" in csv_export
    assert "consent" in csv_export
    assert client.get("/manage/outreach/contacts/export.xlsx").status_code == 200
    assert client.get("/manage/outreach/contacts/export.pdf").status_code == 404


def test_import_view(newsletter, admin_user, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(admin_user)
    upload = SimpleUploadedFile("c.csv", GOOD.encode(), content_type="text/csv")
    response = client.post("/manage/outreach/contacts/import/", {"file": upload, "dry_run": "on"})
    assert "2 lignes valides" in response.content.decode()
    upload = SimpleUploadedFile("c.csv", b"email;legal_basis\nbad;\n", content_type="text/csv")
    response = client.post("/manage/outreach/contacts/import/", {"file": upload})
    assert "Rien n'a été enregistré" in response.content.decode()

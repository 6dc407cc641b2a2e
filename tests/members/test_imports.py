"""Member imports (HelloAsso, Galette, Paheko, Guild template) and exports."""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from guild.core.models import AuditEntry
from guild.members.imports.formats import detect_format, guess_mapping
from guild.members.imports.parsing import parse_date, parse_decimal, read_table, sniff_encoding
from guild.members.imports.services import import_batch_create, members_import
from guild.members.models import ImportBatch, Membership, MembershipEvent, Organisation, Person
from guild.members.selectors import member_since

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(name, content=None):
    content = (DATA / name).read_bytes() if content is None else content
    return SimpleUploadedFile(name, content)


def run(name, *, actor=None, default_category=None, dry_run=False, content=None):
    batch = import_batch_create(
        actor=actor, uploaded_file=upload(name, content), default_category=default_category
    )
    return members_import(actor=actor, batch=batch, dry_run=dry_run)


def counts():
    return (
        Person.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
        MembershipEvent.objects.count(),
    )


# --- parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/01/2026", date(2026, 1, 12)),
        ("12/01/26", date(2026, 1, 12)),
        ("12/01/2026 10:32", date(2026, 1, 12)),
        ("2026-01-12", date(2026, 1, 12)),
        ("12 janvier 2026", date(2026, 1, 12)),
        ("1er février 2026", date(2026, 2, 1)),
        ("lundi 3 août 2026", date(2026, 8, 3)),
    ],
)
def test_french_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["32/01/2026", "janvier", "12 brumaire 2026", "demain"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,50", "1234.50"),
        ("1\u202f234,50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("60", "60.00"),
        ("60,5 €", "60.50"),
        ("1234.5", "1234.50"),
        (60.0, "60.00"),
    ],
)
def test_french_decimals(text, expected):
    assert parse_decimal(text) == Decimal(expected)


def test_encodings_are_detected():
    assert sniff_encoding((DATA / "helloasso.csv").read_bytes()) == "utf-8-sig"
    assert sniff_encoding((DATA / "galette.csv").read_bytes()) == "cp1252"
    assert sniff_encoding((DATA / "paheko.csv").read_bytes()) == "utf-8"


def test_cp1252_file_reads_accents_and_semicolons():
    with open(DATA / "galette.csv", "rb") as handle:
        table = read_table(handle, "galette.csv")
        rows = list(table.rows)
    assert table.delimiter == ";"
    assert rows[0][0] == 2
    assert rows[0][1][1] == "Béranger"
    assert rows[1][1][6] == "Châtellerault"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("helloasso.csv", "helloasso"),
        ("galette.csv", "galette"),
        ("paheko.csv", "paheko"),
        ("guild_template.xlsx", "guild"),
    ],
)
def test_formats_are_recognised(name, expected):
    with open(DATA / name, "rb") as handle:
        table = read_table(handle, name)
    assert detect_format(table.headers) == expected


def test_helloasso_mapping_is_guessed():
    with open(DATA / "helloasso.csv", "rb") as handle:
        table = read_table(handle, "helloasso.csv")
    mapping = guess_mapping(table.headers, "helloasso")
    named = {key: table.headers[index] for key, index in mapping.items()}
    assert named["email"] == "Email payeur"
    assert named["last_name"] == "Nom adhérent"
    assert named["first_name"] == "Prénom adhérent"
    assert named["category"] == "Tarif"
    assert named["amount"] == "Montant tarif"
    assert named["date"] == "Date de la commande"
    assert named["status"] == "Statut de la commande"
    assert named["organisation"] == "Raison sociale"
    assert named["siren"] == "SIREN"


def test_helloasso_custom_fields_are_recognised():
    headers = [
        "Nom adhérent",
        "Email payeur",
        "Champ additionnel: Raison sociale",
        "Champ additionnel: SIREN",
    ]
    mapping = guess_mapping(headers, detect_format(headers))
    assert mapping["organisation"] == 2
    assert mapping["siren"] == 3


# --- imports ------------------------------------------------------------------------------


def test_helloasso_import_creates_members(db, staff_user, company_category, person_category):
    result = run("helloasso.csv", actor=staff_user)
    assert result.ok, result.errors
    assert result.summary["memberships"] == 3
    assert result.summary["skipped"] == 1  # the refunded order
    company = Organisation.objects.get(siren="552100554")
    assert company.legal_name == "Vienne Web SAS"
    membership = Membership.objects.get(organisation=company)
    assert membership.category == company_category
    assert membership.dues_amount == Decimal("1234.50")
    assert membership.status == "active"
    assert (membership.period_start, membership.period_end) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert membership.contact.email == "claire.martin@vienne-web.fr"
    assert membership.seats.filter(role="manager").count() == 1
    assert member_since(membership) == date(2026, 1, 1)
    paul = Membership.objects.get(person__email="paul.durand@example.org")
    assert paul.category == person_category
    assert (paul.period_start, paul.period_end) == (date(2026, 1, 15), date(2027, 1, 14))
    assert not Person.objects.filter(email="anne.petit@example.org").exists()
    assert Person.objects.get(email="elodie.lefevre@example.org").first_name == "Élodie"
    batch = result.batch
    assert batch.status == ImportBatch.Status.IMPORTED
    assert [o["outcome"] for o in batch.outcomes] == ["created", "created", "skipped", "created"]
    assert len(batch.file_hash) == 64
    assert AuditEntry.objects.filter(action="members.imported").count() == 1


def test_reimporting_the_same_file_creates_nothing(db, company_category, person_category):
    assert run("helloasso.csv").ok
    before = counts()
    again = run("helloasso.csv")
    assert again.ok
    assert counts() == before
    assert again.summary["memberships"] == 0
    assert again.summary["existing"] == 3
    assert again.summary["people"] == again.summary["organisations"] == 0
    assert {o["outcome"] for o in again.batch.outcomes} == {"existing", "skipped"}
    assert again.batch.file_hash == ImportBatch.objects.first().file_hash


def test_existing_people_and_organisations_are_matched(
    db, company_category, person_category, organisation
):
    Person.objects.create(first_name="Paul", last_name="Durand", email="PAUL.DURAND@example.org")
    result = run("guild_template.xlsx")
    assert result.ok, result.errors
    assert Organisation.objects.count() == 1  # matched by SIREN
    membership = Membership.objects.get(organisation=organisation)
    assert membership.dues_amount == Decimal("400.00")
    assert membership.period_end == date(2026, 12, 31)
    assert run("helloasso.csv").ok
    assert Person.objects.filter(email__iexact="paul.durand@example.org").count() == 1


def test_galette_cp1252_with_default_category(db, person_category):
    result = run("galette.csv", default_category=person_category)
    assert result.ok, result.errors
    helene = Membership.objects.get(person__last_name="Béranger")
    assert (helene.period_start, helene.period_end) == (date(2025, 3, 1), date(2026, 2, 28))
    francois = Membership.objects.get(person__first_name="François")
    assert francois.status == "lapsed"  # period over
    assert member_since(francois) is None


def test_galette_without_category_is_refused(db, person_category):
    before = counts()
    result = run("galette.csv")
    assert not result.ok
    assert "catégorie" in result.errors[0]["message"]
    assert counts() == before


def test_paheko_full_name_is_split(db, person_category):
    result = run("paheko.csv")
    assert result.ok, result.errors
    claire = Person.objects.get(email="claire.dubois@example.org")
    assert (claire.first_name, claire.last_name) == ("Claire", "DUBOIS")
    marc = Person.objects.get(email="marc.lemoine@example.org")
    assert (marc.first_name, marc.last_name) == ("Marc", "Lemoine")
    assert Membership.objects.get(person=claire).period_start == date(2026, 1, 12)


def test_dry_run_writes_nothing(db, company_category, person_category):
    before = counts()
    result = run("helloasso.csv", dry_run=True)
    assert result.ok
    assert result.summary["memberships"] == 3
    assert result.summary["people"] == 3
    assert result.summary["organisations"] == 1
    assert counts() == before
    assert result.batch.status == ImportBatch.Status.CHECKED
    assert not AuditEntry.objects.filter(action="members.imported").exists()


def test_bad_rows_are_listed_in_french_and_nothing_is_written(
    db, company_category, person_category
):
    before = counts()
    result = run("bad_rows.csv")
    assert not result.ok
    assert counts() == before
    found = {(e["line"], e["column"]): e["message"] for e in result.errors}
    assert found[(3, "E-mail")] == "L’adresse e-mail est manquante."
    assert "SIREN" in found[(4, "SIREN")] and "pas valide" in found[(4, "SIREN")]
    assert found[(5, "Code NAF")] == "Code NAF inconnu : « 99.99Z »."
    assert "n’est pas une date" in found[(5, "Date d'adhésion")]
    assert (2, "E-mail") not in found  # the valid row has no error
    assert result.batch.status == ImportBatch.Status.REJECTED


def test_unmapped_required_field_is_refused(db, person_category):
    content = "Prénom;Nom\nClaire;Martin\n".encode()
    result = run("sans_email.csv", content=content, default_category=person_category)
    assert not result.ok
    assert result.errors[0]["message"] == "Aucune colonne n’est associée à ce champ."
    assert result.errors[0]["column"] == "E-mail"


def test_a_file_that_is_not_a_table_is_refused(db):
    with pytest.raises(ValidationError) as error:
        import_batch_create(actor=None, uploaded_file=upload("not_a_table.csv"))
    assert "ni un fichier CSV" in error.value.messages[0]
    assert not ImportBatch.objects.exists()


def test_large_file_is_imported_in_batches(db, person_category):
    lines = ["E-mail;Prénom;Nom;Catégorie;Montant payé;Date d'adhésion"]
    lines += [f"p{i}@example.org;Prénom;Nom {i};Indépendant;60,00;15/01/2026" for i in range(2500)]
    content = "\n".join(lines).encode("cp1252")
    result = run("gros.csv", content=content)
    assert result.ok, result.errors[:3]
    assert Membership.objects.count() == 2500
    assert run("gros.csv", content=content).summary["existing"] == 2500
    assert Membership.objects.count() == 2500


# --- views --------------------------------------------------------------------------------


def test_screens_are_for_staff_and_the_treasurer_only(client_for, make_user):
    for role in ((), ("board",), ("checkin",)):
        client = client_for(make_user(*role))
        assert client.get("/manage/members/import/").status_code == 403
        assert client.get("/manage/members/export/members.csv").status_code == 403
    for role in ("staff", "treasurer"):
        client = client_for(make_user(role))
        assert client.get("/manage/members/import/").status_code == 200
        assert client.get("/manage/members/export/members.csv").status_code == 200


def test_upload_mapping_dry_run_and_import(
    client_for, staff_user, company_category, person_category
):
    client = client_for(staff_user)
    response = client.post(
        "/manage/members/import/", {"file": upload("helloasso.csv")}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vienne Web SAS" in page and "Email payeur" in page
    batch = ImportBatch.objects.get()
    form = {f"map_{k}": str(v) for k, v in batch.mapping.items()}
    form.update(source_format="helloasso", action="dry_run")
    response = client.post(f"/manage/members/import/{batch.pk}/", form)
    assert "Simulation" in response.content.decode()
    assert Membership.objects.count() == 0
    form["action"] = "import"
    response = client.post(f"/manage/members/import/{batch.pk}/", form, follow=True)
    assert "Vienne Web SAS" in response.content.decode()
    assert Membership.objects.count() == 3


def test_upload_of_a_wrong_file_shows_a_french_error(client_for, staff_user):
    response = client_for(staff_user).post(
        "/manage/members/import/", {"file": upload("not_a_table.csv")}
    )
    assert "ni un fichier CSV" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_templates_download(client_for, staff_user):
    client = client_for(staff_user)
    response = client.get("/manage/members/import/template.csv")
    assert response.content.startswith("\ufeff".encode())
    assert b"E-mail;Pr" in response.content
    response = client.get("/manage/members/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "E-mail"
    assert client.get("/manage/members/import/template.pdf").status_code == 404


# --- exports ------------------------------------------------------------------------------


def test_csv_export_for_french_excel(client_for, staff_user, company_category, person_category):
    assert run("helloasso.csv").ok
    response = client_for(staff_user).get("/manage/members/export/members.csv")
    content = b"".join(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Type", "Nom", "SIREN"]
    company = next(r for r in rows if r[1] == "Vienne Web SAS")
    assert company[0] == "Organisation"
    assert company[7] == "Entreprise"
    assert company[8] == "actif"
    assert company[9] == "01/01/2026"
    assert company[12] == "1234,50"
    assert len(rows) == 4


def test_xlsx_export(client_for, staff_user, company_category, person_category):
    assert run("helloasso.csv").ok
    response = client_for(staff_user).get("/manage/members/export/members.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][1] == "Nom"
    assert len(values) == 4
    company = next(v for v in values if v[1] == "Vienne Web SAS")
    assert company[12] == 1234.5


def test_export_query_count_does_not_grow(
    client_for, staff_user, person_category, django_assert_max_num_queries
):
    client = client_for(staff_user)
    assert run("paheko.csv").ok
    with django_assert_max_num_queries(12):
        b"".join(client.get("/manage/members/export/members.csv").streaming_content)
    assert run("gros.csv", content=_many(200)).ok
    with django_assert_max_num_queries(12):
        b"".join(client.get("/manage/members/export/members.csv").streaming_content)


def _many(n):
    lines = ["E-mail;Prénom;Nom;Catégorie"]
    lines += [f"x{i}@example.org;Prénom;Nom {i};Indépendant" for i in range(n)]
    return "\n".join(lines).encode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_file_at_once_create_each_member_once(
    company_category, person_category
):
    import threading

    from django.db import connection

    batches = [import_batch_create(actor=None, uploaded_file=upload("helloasso.csv")) for _ in "ab"]
    barrier = threading.Barrier(2)
    results = []

    def work(batch):
        try:
            barrier.wait()
            results.append(members_import(actor=None, batch=batch))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(b,)) for b in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.ok for r in results)
    assert sorted(r.summary["memberships"] for r in results) == [0, 3]
    assert Membership.objects.count() == 3
    assert Person.objects.count() == 3


def test_a_large_upload_on_disk_is_stored_and_previewed(client_for, staff_user, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # force a temporary file on disk
    content = _many(2000)
    response = client_for(staff_user).post(
        "/manage/members/import/", {"file": upload("gros.csv", content)}, follow=True
    )
    assert response.status_code == 200
    assert "x9@example.org" in response.content.decode()
    batch = ImportBatch.objects.get()
    assert batch.file.size == len(content)


def test_uploaded_files_are_deleted_after_the_retention_period(
    db, staff_user, company_category, person_category
):
    """Uploaded files hold personal data: after 90 days the file and the per-row details go,
    the batch's counts stay for the history of imports."""
    from datetime import timedelta

    from django.utils import timezone

    from guild.members.imports.services import import_files_purge

    run("helloasso.csv", actor=staff_user)
    old = ImportBatch.objects.get()
    recent = import_batch_create(actor=staff_user, uploaded_file=upload("helloasso.csv"))
    path = Path(old.file.path)
    assert path.exists() and old.outcomes
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))

    assert import_files_purge() == 1
    old.refresh_from_db()
    assert not path.exists()
    assert not old.file and old.outcomes == [] and old.errors == []
    assert old.summary
    recent.refresh_from_db()
    assert recent.file and Path(recent.file.path).exists()
    assert import_files_purge() == 0

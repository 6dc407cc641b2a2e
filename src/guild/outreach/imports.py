"""Contacts import (CSV or XLSX) and export. Every row is validated first; errors are
reported by line and column; a dry run writes nothing; a real run writes all rows or none."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from charset_normalizer import from_bytes
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from guild.outreach import services
from guild.outreach.models import Consent, Contact, MailingList, Subscription

COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "organisation",
    "kind",
    "departement",
    "tags",
    "lists",
    "legal_basis",
    "consent_wording",
    "consent_date",
]
REQUIRED = ["email", "legal_basis"]


@dataclass
class ImportReport:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(name: str, content: bytes) -> list[dict]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h or "").strip().lower() for h in rows[0]]
        return [
            {
                header[i]: ("" if v is None else str(v).strip())
                for i, v in enumerate(row)
                if i < len(header)
            }
            for row in rows[1:]
        ]
    best = from_bytes(content).best()
    text = str(best) if best is not None else content.decode("utf-8", "replace")
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=header.count) if any(d in header for d in ";,\t") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [
        {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in reader
    ]


def validate(rows: list[dict]) -> ImportReport:
    report = ImportReport()
    lists = {m.slug: m for m in MailingList.objects.all()}
    kinds = set(Contact.Kind.values)
    bases = set(Consent.LegalBasis.values)
    seen: dict[str, int] = {}
    if rows:
        missing = [c for c in REQUIRED if c not in rows[0]]
        for column in missing:
            report.errors.append((1, column, _("Required column missing.")))
        if missing:
            return report
    for number, row in enumerate(rows, start=2):

        def err(column, message, number=number):
            report.errors.append((number, column, message))

        email = row.get("email", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            err("email", _("Enter a valid e-mail address."))
        if email in seen:
            err("email", _("Duplicate of line %(line)s.") % {"line": seen[email]})
        seen[email] = number
        basis = row.get("legal_basis", "")
        if basis not in bases:
            err("legal_basis", _("Legal basis required: consent, legitimate_interest or contract."))
        if basis == "consent" and not row.get("consent_wording"):
            err("consent_wording", _("The wording the person agreed to is required for consent."))
        if row.get("kind") and row["kind"] not in kinds:
            err("kind", _("Unknown kind."))
        slugs = [s.strip() for s in row.get("lists", "").split(";") if s.strip()]
        for slug in slugs:
            if slug not in lists:
                err("lists", _("Unknown list “%(slug)s”.") % {"slug": slug})
        date = None
        if row.get("consent_date"):
            date = parse_date(row["consent_date"][:10])
            if date is None:
                err("consent_date", _("Date expected as YYYY-MM-DD."))
        if len(row.get("departement", "")) > 3:
            err("departement", _("A département code has at most 3 characters."))
        report.rows.append(
            {
                **row,
                "email": email,
                "_lists": [lists[s] for s in slugs if s in lists],
                "_date": date,
            }
        )
    return report


def import_contacts(*, actor, name: str, content: bytes, dry_run: bool) -> ImportReport:
    try:
        rows = read_rows(name, content)
    except Exception:  # noqa: BLE001 (any unreadable file gets the same answer)
        report = ImportReport()
        report.errors.append((0, "", _("The file could not be read as CSV or XLSX.")))
        return report
    report = validate(rows)
    if not report.ok or dry_run:
        return report
    with transaction.atomic():
        for row in report.rows:
            existed = Contact.objects.filter(email__iexact=row["email"]).exists()
            contact = services.contact_upsert(
                actor=None,
                email=row["email"],
                source=Contact.Source.IMPORT,
                first_name=row.get("first_name", ""),
                last_name=row.get("last_name", ""),
                organisation_name=row.get("organisation", ""),
                kind=row.get("kind", ""),
                departement=row.get("departement", ""),
                tags=[t for t in row.get("tags", "").split(";") if t.strip()],
            )
            report.updated += existed
            report.created += not existed
            recorded = (
                timezone.make_aware(datetime.combine(row["_date"], datetime.min.time()))
                if row["_date"]
                else timezone.now()
            )
            wording = row.get("consent_wording") or _("Imported with legal basis: %(basis)s") % {
                "basis": row["legal_basis"]
            }
            for mailing_list in row["_lists"]:
                Consent.objects.create(
                    contact=contact,
                    purpose=Consent.Purpose.LIST,
                    legal_basis=row["legal_basis"],
                    wording=wording,
                    source=f"import:{name}"[:120],
                    list_slug=mailing_list.slug,
                    recorded_at=recorded,
                )
                Subscription.objects.update_or_create(
                    contact=contact,
                    mailing_list=mailing_list,
                    defaults={"status": Subscription.Status.ACTIVE, "confirmed_at": recorded},
                )
        from guild.core.audit import audit_log

        audit_log(
            actor=actor,
            action="outreach.contacts_import",
            target=None,
            data={"file": name, "created": report.created, "updated": report.updated},
        )
        report.written = True
    return report


def export_rows():
    contacts = Contact.objects.filter(anonymised_at=None).prefetch_related(
        "tags", "consents", "subscriptions__mailing_list"
    )
    yield COLUMNS
    for c in contacts.iterator(chunk_size=500):
        consents = list(c.consents.all())
        last = consents[0] if consents else None
        lists = [
            s.mailing_list.slug
            for s in c.subscriptions.all()
            if s.status == Subscription.Status.ACTIVE
        ]
        yield [
            c.email,
            c.first_name,
            c.last_name,
            c.organisation_name,
            c.kind,
            c.departement,
            ";".join(t.name for t in c.tags.all()),
            ";".join(lists),
            last.legal_basis if last else "",
            last.wording if last else "",
            last.recorded_at.date().isoformat() if last else "",
        ]

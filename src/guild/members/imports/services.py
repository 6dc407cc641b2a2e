"""The import service: every row is validated first; then, in one transaction, people,
organisations and memberships that do not exist yet are bulk-created.

Matching (what makes a re-import create nothing): people by e-mail (case-insensitive),
organisations by SIREN then by legal name, memberships by (holder, category, period).
Imported memberships record a past state (the dues were paid elsewhere), so they are created
``active`` (or ``lapsed`` when their period is over) with the matching history events.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.members.constants import MembershipStatus
from guild.members.imports.formats import FIELDS, detect_format, guess_mapping
from guild.members.imports.parsing import TableError, normalise, read_table
from guild.members.imports.validation import RowValidator
from guild.members.models import (
    ImportBatch,
    Membership,
    MembershipCategory,
    MembershipEvent,
    NafCode,
    Organisation,
    Person,
    Seat,
)

S = MembershipStatus
BATCH_SIZE = 1000
PREVIEW_ROWS = 10


@dataclass
class ImportResult:
    batch: ImportBatch
    errors: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def file_sha256(fileobj) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def import_batch_create(*, actor, uploaded_file, default_category=None) -> ImportBatch:
    """Store the uploaded file, detect its format and guess the mapping (writes the batch
    record only). Raises ``ValidationError`` when the file is not a readable table."""
    file_hash = file_sha256(uploaded_file)
    try:
        table = read_table(uploaded_file, uploaded_file.name)
    except TableError as error:
        raise ValidationError(str(error)) from error
    uploaded_file.seek(0)
    source_format = detect_format(table.headers)
    mapping = guess_mapping(table.headers, source_format)
    return ImportBatch.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        file=uploaded_file,
        filename=uploaded_file.name[:255],
        file_hash=file_hash,
        source_format=source_format,
        default_category=default_category,
        mapping=mapping,
    )


def import_preview(batch: ImportBatch, rows: int = PREVIEW_ROWS) -> dict:
    """Headers and the first rows of the file, for the mapping screen."""
    with batch.file.open("rb") as handle:
        table = read_table(handle, batch.filename)
        sample = []
        for line, cells in table.rows:
            sample.append((line, ["" if c is None else c for c in cells]))
            if len(sample) >= rows:
                break
    return {
        "headers": table.headers,
        "rows": sample,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
    }


def _categories() -> dict:
    found = {}
    for category in MembershipCategory.objects.all():
        found[normalise(category.code)] = category
        found[normalise(category.name)] = category
    return found


def _chunks(values, size=BATCH_SIZE):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _period(category, start: date, end: date | None) -> tuple[date, date]:
    if end:
        return start, end
    if category.period == MembershipCategory.Period.CALENDAR:
        return date(start.year, 1, 1), date(start.year, 12, 31)
    try:
        return start, start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start, start.replace(year=start.year + 1, day=28)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def members_import(
    *,
    actor,
    batch: ImportBatch,
    mapping: dict | None = None,
    default_category=None,
    dry_run: bool = False,
) -> ImportResult:
    """Validate every row of ``batch``'s file; unless ``dry_run`` and if no row is wrong,
    create what is missing in one transaction. Returns the errors and the counts."""
    if mapping is not None:
        batch.mapping = {k: int(v) for k, v in mapping.items() if v not in (None, "")}
    if default_category is not None:
        batch.default_category = default_category
    mapping = batch.mapping
    categories = _categories()
    by_id = {c.pk: c for c in categories.values()}
    naf_codes = dict(NafCode.objects.filter(version="NAFRev2").values_list("code", "id"))
    rows, errors = [], []
    try:
        with batch.file.open("rb") as handle:
            table = read_table(handle, batch.filename)
            missing = [t for t in ("email",) if t not in mapping]
            if "last_name" not in mapping and "full_name" not in mapping:
                missing.append("last_name")
            for target in missing:
                errors.append(
                    {
                        "line": 1,
                        "column": str(FIELDS[target]),
                        "message": _("No column is mapped to this field."),
                    }
                )
            if not missing:
                validator = RowValidator(
                    headers=table.headers,
                    mapping=mapping,
                    categories=categories,
                    default_category=batch.default_category,
                    naf_codes=naf_codes,
                )
                for line, cells in table.rows:
                    row, row_errors = validator.validate(line, cells)
                    if row_errors:
                        errors.extend(e.as_dict() for e in row_errors)
                    else:
                        rows.append(row)
    except TableError as error:
        errors.append({"line": 0, "column": "", "message": str(error)})
    if not errors and not rows:
        errors.append({"line": 0, "column": "", "message": _("The file holds no member.")})
    if errors:
        batch.status = ImportBatch.Status.REJECTED
        batch.errors = errors[:1000]
        batch.summary = {"errors": len(errors)}
        batch.save(
            update_fields=[
                "status",
                "errors",
                "summary",
                "mapping",
                "default_category",
                "source_format",
                "updated_at",
            ]
        )
        return ImportResult(batch=batch, errors=errors, summary=batch.summary, dry_run=dry_run)
    with transaction.atomic():
        _serialise_imports()
        summary, outcomes = _apply(actor, batch, rows, by_id, dry_run=dry_run)
        batch.row_count = len(rows)
        batch.summary = summary
        batch.outcomes = outcomes
        batch.errors = []
        batch.status = ImportBatch.Status.CHECKED if dry_run else ImportBatch.Status.IMPORTED
        if not dry_run:
            batch.imported_at = timezone.now()
            audit_log(
                actor=actor if getattr(actor, "pk", None) else None,
                action="members.imported",
                target=batch,
                data={"file_hash": batch.file_hash, "format": batch.source_format, **summary},
            )
        batch.save()
    return ImportResult(batch=batch, summary=summary, dry_run=dry_run)


IMPORT_LOCK = 0x6775696C64696D70  # "guildimp": one member import writes at a time


def _serialise_imports() -> None:
    """Two imports running at once must not both decide that the same member is new.

    PostgreSQL: a transaction-level advisory lock, taken before the matching queries, so the
    second import sees what the first committed. SQLite: write transactions already begin
    with ``BEGIN IMMEDIATE`` (one writer at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def _apply(actor, batch, rows, categories, *, dry_run: bool):
    today = timezone.localdate()
    # People, matched by e-mail.
    emails = {r.email for r in rows}
    people = {}
    for chunk in _chunks(emails):
        for person in Person.objects.annotate(e=Lower("email")).filter(e__in=chunk):
            people[person.email.lower()] = person
    # Organisations, matched by SIREN then by legal name.
    sirens = {r.siren for r in rows if r.siren}
    names = {r.organisation.lower() for r in rows if r.organisation}
    orgs_by_siren, orgs_by_name = {}, {}
    for chunk in _chunks(sirens):
        for org in Organisation.objects.filter(siren__in=chunk):
            orgs_by_siren[org.siren] = org
            orgs_by_name.setdefault(org.legal_name.lower(), org)
    for chunk in _chunks(names):
        for org in Organisation.objects.annotate(n=Lower("legal_name")).filter(n__in=chunk):
            orgs_by_name.setdefault(org.legal_name.lower(), org)
            if org.siren:
                orgs_by_siren.setdefault(org.siren, org)

    new_people, new_orgs = {}, {}
    row_org = {}
    for row in rows:
        if row.skipped:
            continue
        if row.email not in people and row.email not in new_people:
            new_people[row.email] = Person(
                first_name=row.first_name[:150] or row.last_name[:150],
                last_name=row.last_name[:150],
                email=row.email,
                phone=row.phone,
                postal_code=row.postal_code,
                city=row.city,
                departement=row.postal_code[:2] if len(row.postal_code) == 5 else "",
            )
        category = categories[row.category_id]
        if category.holder != MembershipCategory.Holder.ORGANISATION:
            continue
        org = orgs_by_siren.get(row.siren) if row.siren else None
        if org is None and row.organisation:
            org = orgs_by_name.get(row.organisation.lower())
        if org is None:
            key = row.siren or row.organisation.lower()
            org = new_orgs.get(key)
            if org is None:
                org = Organisation(
                    legal_name=row.organisation or row.siren,
                    siren=row.siren or None,
                    siret=row.siret or None,
                    naf_id=row.naf_id,
                    postal_code=row.postal_code,
                    city=row.city,
                    departement=row.postal_code[:2] if len(row.postal_code) == 5 else "",
                    email=row.email,
                    phone=row.phone,
                )
                new_orgs[key] = org
                if row.siren:
                    orgs_by_siren[row.siren] = org
                if row.organisation:
                    orgs_by_name[row.organisation.lower()] = org
        row_org[row.line] = org

    if not dry_run:
        Organisation.objects.bulk_create(list(new_orgs.values()), batch_size=BATCH_SIZE)
        for row in rows:
            org = row_org.get(row.line)
            person = new_people.get(row.email)
            if org is not None and person is not None and person.organisation is None:
                person.organisation = org
        Person.objects.bulk_create(list(new_people.values()), batch_size=BATCH_SIZE)
        people.update(new_people)

    # Memberships, matched by (holder, category, period).
    existing = set()
    person_ids = [p.pk for p in people.values() if p.pk]
    org_ids = {o.pk for o in row_org.values() if o.pk}
    for chunk in _chunks(person_ids):
        existing.update(
            ("p", *values)
            for values in Membership.objects.filter(person_id__in=chunk).values_list(
                "person_id", "category_id", "period_start", "period_end"
            )
        )
    for chunk in _chunks(org_ids):
        existing.update(
            ("o", *values)
            for values in Membership.objects.filter(organisation_id__in=chunk).values_list(
                "organisation_id", "category_id", "period_start", "period_end"
            )
        )
    new_memberships, pending, skipped = [], [], []
    counts = {
        "people": len(new_people),
        "organisations": len(new_orgs),
        "memberships": 0,
        "existing": 0,
        "skipped": 0,
        "rows": len(rows),
    }
    for row in rows:
        if row.skipped:
            counts["skipped"] += 1
            skipped.append({"line": row.line, "outcome": "skipped"})
            continue
        category = categories[row.category_id]
        start, end = _period(category, row.date or today, row.period_end)
        person = people.get(row.email) or new_people.get(row.email)
        org = row_org.get(row.line)
        holder = ("o", org) if org is not None else ("p", person)
        key = (holder[0], holder[1].pk if holder[1].pk else id(holder[1]), category.pk, start, end)
        if key in existing:
            counts["existing"] += 1
            pending.append(({"line": row.line, "outcome": "existing"}, person, org, None))
            continue
        existing.add(key)
        counts["memberships"] += 1
        status = S.ACTIVE if end >= today else S.LAPSED
        new_memberships.append(
            (
                row,
                Membership(
                    category=category,
                    organisation=org,
                    person=None if org is not None else person,
                    contact=person,
                    status=status,
                    period_start=start,
                    period_end=end,
                    applied_at=_aware(start),
                    admitted_at=_aware(start),
                    dues_amount=row.amount,
                    application_data={
                        "import": {
                            "batch": batch.pk,
                            "line": row.line,
                            "format": batch.source_format,
                            "reference": row.reference,
                            "amount_paid": str(row.amount) if row.amount is not None else "",
                        }
                    },
                ),
            )
        )
        pending.append(
            ({"line": row.line, "outcome": "created"}, person, org, new_memberships[-1][1])
        )
    if dry_run:
        return counts, _serialise(pending, skipped)
    Membership.objects.bulk_create([m for _row, m in new_memberships], batch_size=BATCH_SIZE)
    reason = _("Imported from %(file)s (%(format)s).") % {
        "file": batch.filename,
        "format": batch.source_format,
    }
    user = actor if getattr(actor, "pk", None) else None
    events, seats = [], []
    for _row, membership in new_memberships:
        events.append(
            MembershipEvent(
                membership=membership,
                from_status="",
                to_status=S.ACTIVE,
                at=membership.admitted_at,
                actor=user,
                reason=reason,
            )
        )
        if membership.status == S.LAPSED:
            events.append(
                MembershipEvent(
                    membership=membership,
                    from_status=S.ACTIVE,
                    to_status=S.LAPSED,
                    at=_aware(membership.period_end),
                    actor=user,
                    reason=reason,
                )
            )
        if membership.organisation_id and membership.contact_id:
            seats.append(
                Seat(membership=membership, person=membership.contact, role=Seat.Role.MANAGER)
            )
    MembershipEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    Seat.objects.bulk_create(seats, batch_size=BATCH_SIZE)
    for outcome, person, org, membership in pending:
        outcome["person"] = person.pk
        outcome["organisation"] = getattr(org, "pk", None)
        if membership is not None:
            outcome["membership"] = membership.pk
    return counts, _serialise(pending, skipped)


def _serialise(pending, skipped):
    outcomes = list(skipped)
    for outcome, person, org, membership in pending:
        outcome["person"] = person.pk
        outcome["organisation"] = getattr(org, "pk", None)
        if membership is not None:
            outcome["membership"] = membership.pk
        outcomes.append(outcome)
    return sorted(outcomes, key=lambda o: o["line"])


IMPORT_FILE_RETENTION_DAYS = 90


def import_files_purge(*, today: date | None = None) -> int:
    """Delete uploaded member files (they hold personal data) once they are
    ``IMPORT_FILE_RETENTION_DAYS`` old. The batch record keeps its counts (summary) for the
    history of imports; the per-row outcomes and errors, which quote the rows, go with the file.
    Returns how many files were deleted."""
    today = today or timezone.localdate()
    cutoff = _aware(today - timedelta(days=IMPORT_FILE_RETENTION_DAYS))
    purged = 0
    for batch in ImportBatch.objects.filter(created_at__lt=cutoff).exclude(file=""):
        batch.file.delete(save=False)
        batch.file = ""
        batch.outcomes = []
        batch.errors = []
        batch.save(update_fields=["file", "outcomes", "errors", "updated_at"])
        purged += 1
    return purged

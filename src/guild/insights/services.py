"""Writes of the insights app: Sirene baseline imports and the region/publication settings."""

from __future__ import annotations

import time
import zipfile
import zlib
from datetime import date
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from guild.core.audit import audit_log
from guild.core.departements import NAMES
from guild.insights import sirene
from guild.insights.models import Baseline, Establishment, InsightsSettings
from guild.insights.selectors import digital_naf_codes, get_settings
from guild.members.constants import HEADCOUNT_MIDPOINTS

BATCH_SIZE = 2000

# Every French département code (metropolitan, Corsica and overseas).
VALID_DEPARTEMENTS = frozenset(NAMES)

SETTINGS_FIELDS = (
    "region_name",
    "departements",
    "publish_by_departement",
    "publish_by_naf",
    "publish_by_headcount",
    "publish_jobs",
    "publish_growth",
    "publish_independence",
)


def settings_update(*, actor, data: dict) -> InsightsSettings:
    """Save the region and the publication choices (the board decides what is public)."""
    with transaction.atomic():
        current = get_settings()
        before = {name: getattr(current, name) for name in SETTINGS_FIELDS}
        for name in SETTINGS_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        current.save()
        audit_log(
            actor=actor,
            action="insights.settings_update",
            target=current,
            data={
                "before": before,
                "after": {name: getattr(current, name) for name in SETTINGS_FIELDS},
            },
        )
        return current


def baseline_import(
    *, actor, raw: IO[bytes], source_name: str, stock_date: date | None = None
) -> Baseline:
    """Import a Sirene stock file as a new baseline.

    The new baseline is written and becomes the current one in a single transaction; on any
    error nothing of it remains, the previous baseline stays current and a failed baseline row
    records the report (line, column, message).
    """
    config = get_settings()
    departements = frozenset(config.departement_list)
    started = time.monotonic()
    stats = sirene.ScanStats()
    common = {
        "imported_by": actor if getattr(actor, "pk", None) else None,
        "source_name": source_name[:255],
        "stock_date": stock_date,
        "region_name": config.region_name,
        "departements": ",".join(sorted(departements)),
    }
    try:
        digital = digital_naf_codes()
        if not digital:
            raise sirene.SireneFileError(
                [
                    sirene.RowError(
                        0, "", _("No NAF code is flagged digital: flag the sector's codes first.")
                    )
                ]
            )
        stream = sirene.open_text(raw, source_name)
        with transaction.atomic():
            baseline = Baseline.objects.create(status=Baseline.Status.SUCCEEDED, **common)
            batch: list[Establishment] = []
            for row in sirene.scan(stream, departements=departements, digital=digital, stats=stats):
                batch.append(
                    Establishment(
                        baseline=baseline,
                        siren=row.siren,
                        siret=row.siret,
                        naf_version=row.naf_version,
                        naf_code=row.naf_code,
                        headcount_band=row.headcount_band,
                        estimated_jobs=HEADCOUNT_MIDPOINTS.get(row.headcount_band, 0),
                        departement=row.departement,
                        commune_code=row.commune_code,
                        commune_name=row.commune_name,
                        created_on=row.created_on,
                    )
                )
                if len(batch) >= BATCH_SIZE:
                    Establishment.objects.bulk_create(batch)
                    batch = []
            if batch:
                Establishment.objects.bulk_create(batch)
            Baseline.objects.filter(is_current=True).update(is_current=False)
            baseline.is_current = True
            baseline.rows_read = stats.rows_read
            baseline.rows_kept = stats.rows_kept
            baseline.duration_seconds = round(time.monotonic() - started, 3)
            baseline.save()
            audit_log(
                actor=actor,
                action="insights.baseline_import",
                target=baseline,
                data={"file": source_name, "rows_read": stats.rows_read, "kept": stats.rows_kept},
            )
            return baseline
    except (sirene.SireneFileError, OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        if isinstance(exc, sirene.SireneFileError):
            errors = [error.as_dict() for error in exc.errors]
        else:  # a damaged archive (bad ZIP/gzip)
            errors = [
                {
                    "line": 0,
                    "column": "",
                    "message": _(
                        "The file cannot be read as a %(kind)s file: it is damaged or truncated."
                    )
                    % {
                        "kind": "ZIP/gzip"
                        if source_name.lower().endswith((".zip", ".gz"))
                        else "CSV"
                    },
                }
            ]
        with transaction.atomic():
            failed = Baseline.objects.create(
                status=Baseline.Status.FAILED,
                rows_read=stats.rows_read,
                errors=errors,
                duration_seconds=round(time.monotonic() - started, 3),
                **common,
            )
            audit_log(
                actor=actor,
                action="insights.baseline_import_failed",
                target=failed,
                data={"file": source_name, "errors": errors[:5]},
            )
        return failed

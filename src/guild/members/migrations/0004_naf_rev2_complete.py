"""Complete the NAF rév. 2 reference table: all 732 sub-classes (INSEE, 2008 nomenclature), so
that an organisation outside the digital sector (an accountant, a training body, a law firm)
can be recorded with its real activity code. The digital-sector flags are unchanged."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "naf_rev2.csv"


def load(apps, schema_editor):
    """Insert the missing codes and refresh labels and flags, in a few queries."""
    NafCode = apps.get_model("members", "NafCode")
    with DATA.open(encoding="utf-8") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}
    existing = {c.code: c for c in NafCode.objects.filter(version="NAFRev2")}
    NafCode.objects.bulk_create(
        [
            NafCode(
                version="NAFRev2", code=code, label=row["label"], is_digital=row["is_digital"] == "1"
            )
            for code, row in rows.items()
            if code not in existing
        ],
        batch_size=500,
    )
    changed = []
    for code, current in existing.items():
        row = rows.get(code)
        if row and (current.label, current.is_digital) != (row["label"], row["is_digital"] == "1"):
            current.label, current.is_digital = row["label"], row["is_digital"] == "1"
            changed.append(current)
    NafCode.objects.bulk_update(changed, ["label", "is_digital"])


class Migration(migrations.Migration):
    dependencies = [("members", "0003_member_space")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

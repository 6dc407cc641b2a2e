"""Load the NAF rev. 2 reference table shipped in ``members/data/naf_rev2.csv``."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "naf_rev2.csv"


def load(apps, schema_editor):
    NafCode = apps.get_model("members", "NafCode")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            NafCode.objects.update_or_create(
                version="NAFRev2",
                code=row["code"],
                defaults={"label": row["label"], "is_digital": row["is_digital"] == "1"},
            )


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Seed the French digital-sector skills taxonomy (staff edit it afterwards)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from guild.sourcing.skills_seed import seed

    seed(apps.get_model("sourcing", "Skill"))


class Migration(migrations.Migration):
    dependencies = [("sourcing", "0002_search_postgres")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

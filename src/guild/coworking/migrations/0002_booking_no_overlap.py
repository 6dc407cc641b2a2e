"""No double booking, enforced by PostgreSQL: an exclusion constraint over
``tstzrange(start, blocked_until)`` (the slot plus the space's buffer) per resource.

On SQLite the same guarantee comes from ``BEGIN IMMEDIATE`` (settings use
``transaction_mode=IMMEDIATE``, so writers are serialised) plus the overlap check that
``services.booking_create`` runs inside the transaction.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from guild.coworking.models import NO_OVERLAP

    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.add_constraint(apps.get_model("coworking", "Booking"), NO_OVERLAP)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from guild.coworking.models import NO_OVERLAP

    schema_editor.remove_constraint(apps.get_model("coworking", "Booking"), NO_OVERLAP)


class Migration(migrations.Migration):
    dependencies = [("coworking", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

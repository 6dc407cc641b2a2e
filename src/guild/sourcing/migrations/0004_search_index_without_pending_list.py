"""Directory search speed on PostgreSQL: the GIN index on ``Profile.search_vector`` is built
without a pending list (``fastupdate = off``).

With the default ``fastupdate = on``, every profile update appends to an unsorted pending list
that each search scans linearly until (auto)vacuum merges it; after a burst of updates (an
import, a reindex) the planner also prices the index so high that it reads the whole table.
Profiles change one at a time, so writing straight into the index costs little.

The vector itself is stored (``search_vector``, kept by ``services.profile_reindex`` because
only the fields a member made public are indexed, with weights) and built with the
``guild_french`` configuration of migration 0002, whose ``unaccent`` dictionary runs inside
``to_tsvector(regconfig, text)`` (immutable), so no wrapper around ``unaccent()`` is needed.
Nothing runs on SQLite.
"""

from django.db import migrations

FORWARD = [
    "ALTER INDEX IF EXISTS src_profile_search_gin SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('src_profile_search_gin'::regclass)",
]
BACKWARD = ["ALTER INDEX IF EXISTS src_profile_search_gin RESET (fastupdate)"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("sourcing", "0003_seed_skills")]
    operations = [migrations.RunPython(forwards, backwards)]

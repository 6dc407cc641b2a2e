"""French full-text search on PostgreSQL: ``unaccent`` and a ``guild_french`` configuration
(french stemming after unaccent), plus the GIN index on ``Profile.search_vector``.

Nothing runs on SQLite, where the directory search uses the normalised ``search_text``.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'guild_french') THEN
            CREATE TEXT SEARCH CONFIGURATION guild_french ( COPY = french );
            ALTER TEXT SEARCH CONFIGURATION guild_french
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    "CREATE INDEX IF NOT EXISTS src_profile_search_gin ON sourcing_profile "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS src_profile_name_lower ON sourcing_profile (name)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS src_profile_search_gin",
    "DROP INDEX IF EXISTS src_profile_name_lower",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS guild_french",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("sourcing", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

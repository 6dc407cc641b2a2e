"""Seed the French digital-sector skills taxonomy (staff edit it afterwards)."""

from django.db import migrations
from django.utils.text import slugify


def forwards(apps, schema_editor):
    from guild.sourcing.skills_seed import TAXONOMY

    Skill = apps.get_model("sourcing", "Skill")
    for position, (name, synonyms, children) in enumerate(TAXONOMY):
        parent, _ = Skill.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "synonyms": synonyms,
                                          "position": position})
        for child_position, (child, child_synonyms) in enumerate(children):
            Skill.objects.get_or_create(
                slug=slugify(child) or slugify(child_synonyms.split(",")[0]),
                defaults={"name": child, "synonyms": child_synonyms, "parent": parent,
                          "position": child_position})


class Migration(migrations.Migration):
    dependencies = [("sourcing", "0002_search_postgres")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

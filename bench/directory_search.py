"""Directory search on PostgreSQL: 10,000 organisations with profiles, 100,000 skill links,
1,000 realistic French queries (accents, synonyms, stems) mixed with facets.
Measures one result page as the directory view serves it (facet counts in one aggregate
query, count, first 20 with skills).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/guild_coworking \
     /work/main/.venv/bin/python bench/directory_search.py
Uses a throw-away test database (created and dropped by the script).
"""

import os
import pathlib
import random
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guild.config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ORGS = 10_000
LINKS_PER_ORG = 10
QUERIES = [
    "développement web",
    "developpeur django",
    "sécurité informatique",
    "cybersécurité",
    "RGPD",
    "données personnelles",
    "kubernetes",
    "hébergement cloud",
    "infogérance",
    "application mobile",
    "site e-commerce",
    "référencement",
    "intelligence artificielle",
    "IA générative",
    "tableaux de bord",
    "ERP Odoo",
    "CRM",
    "formation",
    "réseaux télécoms",
    "fibre optique",
    "design UX",
    "ergonomie",
    "accessibilité",
    "postgresql",
    "react",
    "données",
    "conseil transformation numérique",
    "téléphonie IP",
    "sauvegarde",
    "marketing digital",
    "",
    "audit",
    "développeuse",
    "sécurisé",
    "applications",
]
WORDS = [
    "agence",
    "studio",
    "conseil",
    "solutions",
    "numérique",
    "services",
    "informatique",
    "logiciels",
    "réseaux",
    "données",
    "sécurité",
    "web",
    "digital",
    "cloud",
]
CITIES = ["Limoges", "Brive", "Tulle", "Guéret", "Saint-Junien", "Ussel", "Aubusson"]


def build(rng):
    from django.contrib.postgres.search import SearchVector
    from django.db.models import F

    from guild.members.models import Organisation
    from guild.sourcing.models import Profile, ProfileSkill, Skill
    from guild.sourcing.search import normalise

    skills = list(Skill.objects.select_related("parent"))
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                legal_name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}",
                departement=rng.choice(["87", "19", "23", "86", "24", "16"]),
                city=rng.choice(CITIES),
                headcount_band=rng.choice(["01", "02", "03", "11"]),
            )
            for i in range(ORGS)
        ],
        batch_size=2000,
    )
    profiles = []
    links = []
    for org in orgs:
        chosen = rng.sample(skills, LINKS_PER_ORG)
        words = (
            [org.legal_name]
            + [s.name for s in chosen]
            + [s.synonyms for s in chosen]
            + [s.parent.name for s in chosen if s.parent]
        )
        offer = f"{rng.choice(WORDS)} {chosen[0].name} et {chosen[1].name} à {org.city}"
        profiles.append(
            Profile(
                kind="organisation",
                organisation=org,
                name=org.legal_name,
                offer=offer,
                departement=org.departement,
                headcount_band=org.headcount_band,
                naf_code=rng.choice(["6201Z", "6202A", "6311Z", "7022Z"]),
                availability=rng.choice(["available", "partial", "busy"]),
                search_text=normalise(" ".join(words + [offer])),
            )
        )
        links.append(chosen)
    Profile.objects.bulk_create(profiles, batch_size=2000)
    ProfileSkill.objects.bulk_create(
        [
            ProfileSkill(profile=p, skill=s, level=rng.randint(1, 3))
            for p, chosen in zip(profiles, links, strict=True)
            for s in chosen
        ],
        batch_size=5000,
    )
    Profile.objects.update(search_vector=SearchVector(F("search_text"), config="guild_french"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return skills


def main() -> None:
    if not settings.IS_POSTGRES:
        sys.exit("directory_search needs PostgreSQL: set DATABASE_URL")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from guild.sourcing.selectors import (
            Filters,
            directory_search,
            facet_choices,
            facet_counts,
            with_skills,
        )

        rng = random.Random(6)
        t0 = time.perf_counter()
        skills = build(rng)
        print(
            f"built {ORGS} profiles and {ORGS * LINKS_PER_ORG} skill links "
            f"in {time.perf_counter() - t0:.1f}s"
        )
        choices = facet_choices()
        timings = []
        for _ in range(1000):
            filters = Filters(q=rng.choice(QUERIES))
            facet = rng.random()
            if facet < 0.3:
                filters.departement = rng.choice(["87", "19", "23"])
            elif facet < 0.5:
                filters.skill = rng.choice(skills).pk
            elif facet < 0.6:
                filters.availability = "available"
            elif facet < 0.7:
                filters.size = "02"
            started = time.perf_counter()
            facet_counts(directory_search(filters), choices)
            qs = with_skills(directory_search(filters))
            total = qs.count()
            page = list(qs[:20])
            for profile in page:
                list(profile.skill_links.all())
            timings.append((time.perf_counter() - started) * 1000)
            assert total >= len(page)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"queries=1000 p50={p50:.1f}ms p95={p95:.1f}ms max={timings[-1]:.1f}ms")
        print(f"directory_search: {p95:.1f} ms")
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

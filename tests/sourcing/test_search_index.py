"""The directory's GIN index keeps no pending list (searches stay on the index after a burst
of profile updates); the facet menus read distinct values."""

import pytest
from django.db import connection

from guild.sourcing.selectors import facet_choices

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_gin_index_has_fastupdate_off():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'src_profile_search_gin'")
        (options,) = cursor.fetchone()
    assert "fastupdate=off" in options


def test_facet_choices_in_two_queries(django_assert_num_queries):
    with django_assert_num_queries(2):
        choices = facet_choices()
    assert choices == {"departements": [], "sectors": []}


def test_facet_counts_follow_the_results(profiles, django_assert_num_queries):
    from guild.sourcing.selectors import Filters, directory_search, facet_counts

    choices = facet_choices()
    with django_assert_num_queries(1):
        counts = facet_counts(directory_search(Filters()), choices)
    assert sum(counts["availability"].values()) == 3
    assert counts["availability"]["busy"] == 1
    assert counts["departement"]["19"] == 1
    narrowed = facet_counts(directory_search(Filters(departement="19")), choices)
    assert sum(narrowed["availability"].values()) == 1


def test_directory_page_shows_facet_counts(client, profiles):
    from django.urls import reverse

    body = client.get(reverse("sourcing:directory")).content.decode()
    # Départements are named, with their code, and the count of results follows.
    assert "Corrèze (19) – 1" in body
    assert "· Corrèze (19) ·" in body

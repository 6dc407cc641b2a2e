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

"""Representativeness figures: members matched to the baseline by SIRET/SIREN, in SQL."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from guild.insights import selectors, tables
from guild.members.constants import HeadcountBand, MembershipStatus
from guild.members.models import MembershipEvent
from tests.insights.factories import (
    OrganisationFactory,
    PersonFactory,
    active_membership,
    make_baseline,
)

pytestmark = pytest.mark.django_db

ROWS = [
    {"siret": "55208131700018", "dep": "87", "band": "12", "jobs": Decimal("34.5")},
    {
        "siret": "55208131700026",
        "dep": "19",
        "band": "03",
        "jobs": Decimal("7.5"),
        "commune": "19272",
        "commune_name": "TULLE",
    },
    {"siret": "81123456000014", "dep": "87", "band": "NN", "jobs": 0, "naf": "62.02A"},
    {
        "siret": "82345678100011",
        "dep": "87",
        "band": "01",
        "jobs": Decimal("1.5"),
        "commune": "87114",
        "commune_name": "PANAZOL",
    },
    {
        "siret": "84567890300013",
        "dep": "23",
        "band": "11",
        "jobs": Decimal("14.5"),
        "commune": "23096",
        "commune_name": "GUERET",
    },
]


@pytest.fixture
def world(limousin):
    baseline = make_baseline(ROWS)
    # a member company matched by SIREN: both its establishments are represented
    active_membership(organisation=OrganisationFactory(siren="552081317", siret="55208131799999"))
    # a freelancer matched by SIRET
    active_membership(person=PersonFactory(is_independent=True, siret="82345678100011"))
    # a lapsed member does not count
    active_membership(
        organisation=OrganisationFactory(siret="84567890300013"), status=MembershipStatus.LAPSED
    )
    # a member outside the baseline (another region)
    active_membership(organisation=OrganisationFactory(siret="91234567000014"))
    return baseline


def test_totals(world):
    totals = selectors.totals(world)
    assert totals["total"] == 5
    assert totals["represented"] == 3
    assert totals["share"] == Decimal("60.0")
    assert totals["companies"] == 2
    assert totals["freelancers"] == 1
    assert totals["jobs"] == Decimal("58.0")
    assert totals["jobs_represented"] == Decimal("43.5")
    assert totals["jobs_share"] == Decimal("75.0")


def test_by_departement(world):
    rows = {row["key"]: row for row in selectors.breakdown(world, "departement")}
    assert list(rows) == ["19", "23", "87"]
    assert (rows["87"]["total"], rows["87"]["represented"], rows["87"]["share"]) == (
        3,
        2,
        Decimal("66.7"),
    )
    assert rows["23"]["represented"] == 0
    assert rows["23"]["share"] == Decimal("0.0")
    assert rows["19"]["jobs_share"] == Decimal("100.0")


def test_by_naf_headcount_and_commune(world):
    naf = {row["key"]: row for row in selectors.breakdown(world, "naf")}
    assert naf["62.01Z"]["label"] == "Programmation informatique"
    assert naf["62.02A"]["represented"] == 0
    bands = {row["key"]: row for row in selectors.breakdown(world, "headcount")}
    assert bands["12"]["label"] == str(HeadcountBand("12").label)
    communes = selectors.breakdown(world, "commune")
    assert communes[0]["key"] == "87085"
    assert communes[0]["label"] == "LIMOGES (87085)"


def test_absent_places(world):
    absent = selectors.breakdown(world, "commune", absent_only=True)
    assert [row["key"] for row in absent] == ["23096"]


def test_members_summary(world):
    summary = selectors.members_summary(world)
    assert summary == {
        "organisations": 2,
        "freelancers": 1,
        "individuals": 0,
        "organisations_outside": 1,
    }


def test_growth_from_history(limousin):
    now = timezone.now()
    first = active_membership(organisation=OrganisationFactory(), since=now - timedelta(days=70))
    active_membership(person=PersonFactory(), since=now - timedelta(days=40))
    MembershipEvent.objects.create(
        membership=first, from_status="active", to_status="lapsed", at=now - timedelta(days=1)
    )
    points = selectors.growth()
    assert points[0]["active"] == 1
    assert max(point["active"] for point in points) == 2
    assert points[-1]["active"] == 1
    assert points[-1]["left"] == 1
    assert sum(point["joined"] for point in points) == 2


def test_trend_keeps_previous_baselines(world):
    make_baseline(ROWS[:2])
    trend = selectors.baseline_trend()
    assert [row["total"] for row in trend] == [5, 2]
    assert selectors.current_baseline().pk == trend[-1]["id"]


def test_representativeness_without_baseline(limousin):
    figures = selectors.representativeness(None)
    assert figures["baseline"] is None
    assert "totals" not in figures


def test_query_count_does_not_grow_with_rows(limousin, django_assert_max_num_queries):
    def count_queries(n):
        base = 100000000 + n * 1000
        baseline = make_baseline(
            [
                {"siret": f"{base + i:09d}00011", "dep": "87", "commune": f"87{i:03d}"}
                for i in range(n)
            ]
        )
        for i in range(0, n, 2):
            active_membership(organisation=OrganisationFactory(siret=f"{base + i:09d}00011"))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            figures = selectors.representativeness(baseline, communes_limit=None)
            assert figures["totals"]["total"] == n
        return len(ctx.captured_queries)

    assert count_queries(3) == count_queries(30)


def test_tables_exports(world):
    table = tables.build("departements", world)
    assert table.columns[0][1] == "Code"
    csv_bytes = tables.to_csv(table)
    assert csv_bytes.startswith("\ufeff".encode())
    text = csv_bytes.decode("utf-8-sig")
    assert "Département;Établissements" in text
    assert "87;Haute-Vienne (87);3;2;66,7" in text
    xlsx = tables.to_xlsx(table)
    assert xlsx[:2] == b"PK"
    for name in tables.TABLE_NAMES:
        built = tables.build(name, world)
        tables.to_xlsx(built)
        assert built.title
    assert tables.build("naf", None).rows == []

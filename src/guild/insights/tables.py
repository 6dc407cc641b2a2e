"""The tables behind every chart (title, columns, rows): shown on pages, exported as CSV/XLSX."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guild.core import spreadsheets
from guild.insights import independence, selectors
from guild.insights.models import Baseline

TABLE_NAMES = {
    "departements": gettext_lazy("Representativeness by département"),
    "naf": gettext_lazy("Representativeness by NAF code"),
    "headcount": gettext_lazy("Representativeness by headcount band"),
    "communes": gettext_lazy("Representativeness by commune"),
    "absent": gettext_lazy("Communes where the association has no member"),
    "growth": gettext_lazy("Active memberships over time"),
    "trend": gettext_lazy("Size of the digital sector at each import"),
    "revenue": gettext_lazy("Revenue by source and share of public money"),
}


@dataclass
class Table:
    name: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict]

    def matrix(self) -> list[list]:
        return [[row.get(key) for key, _header in self.columns] for row in self.rows]


def _representativeness_columns(first: str) -> list[tuple[str, str]]:
    return [
        ("key", _("Code")),
        ("label", first),
        ("total", _("Establishments")),
        ("represented", _("Members' establishments")),
        ("share", _("Share (%)")),
        ("companies", _("Companies")),
        ("freelancers", _("Freelancers")),
        ("jobs", _("Estimated jobs")),
        ("jobs_represented", _("Jobs represented")),
        ("jobs_share", _("Share of jobs (%)")),
    ]


def build(name: str, baseline: Baseline | None) -> Table:
    title = str(TABLE_NAMES[name])
    if name == "growth":
        return Table(
            name,
            title,
            [
                ("month", _("Month")),
                ("joined", _("Joined or renewed")),
                ("left", _("Left")),
                ("organisations", _("Active organisations")),
                ("people", _("Active individuals")),
                ("active", _("Active memberships")),
            ],
            selectors.growth(),
        )
    if name == "trend":
        return Table(
            name,
            title,
            [
                ("id", _("Baseline")),
                ("date", _("Date")),
                ("total", _("Establishments")),
                ("jobs", _("Estimated jobs")),
            ],
            selectors.baseline_trend(),
        )
    if name == "revenue":
        columns = (
            [("year", _("Year"))]
            + [(source, str(label)) for source, label in REVENUE_LABELS.items()]
            + [("total", _("Total")), ("public_share", _("Public money (%)"))]
        )
        return Table(name, title, columns, independence.revenue_by_year() or [])
    if baseline is None:
        return Table(name, title, [], [])
    first = {
        "departements": _("Département"),
        "naf": _("Activity"),
        "headcount": _("Headcount band"),
        "communes": _("Commune"),
        "absent": _("Commune"),
    }[name]
    dimension = {
        "departements": "departement",
        "naf": "naf",
        "headcount": "headcount",
        "communes": "commune",
        "absent": "commune",
    }[name]
    rows = selectors.breakdown(baseline, dimension, absent_only=name == "absent")
    return Table(name, title, _representativeness_columns(first), rows)


REVENUE_LABELS = {
    "dues": gettext_lazy("Dues"),
    "trade_show": gettext_lazy("Trade show"),
    "sponsorship": gettext_lazy("Sponsorship"),
    "services": gettext_lazy("Services"),
    "coworking": gettext_lazy("Co-working"),
    "public_grant": gettext_lazy("Public grants"),
    "donation": gettext_lazy("Donations"),
    "other": gettext_lazy("Other"),
}


def rows(table: Table):
    """The header, then one row per line of the table (for the spreadsheet exports)."""
    yield [header for _key, header in table.columns]
    yield from table.matrix()


def to_csv(table: Table) -> bytes:
    return spreadsheets.csv_bytes(rows(table))


def to_xlsx(table: Table) -> bytes:
    return spreadsheets.xlsx_bytes(table.name, rows(table))

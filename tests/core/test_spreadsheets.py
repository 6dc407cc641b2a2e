"""Exports open in French Excel as numbers and text, and never run what someone typed."""

import csv
import datetime
import io
from decimal import Decimal

from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from guild.core import spreadsheets

TYPED = [
    '=HYPERLINK("http://evil.example","Cliquez")',
    "+33 6 12 34 56 78",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "\t=1+1",
]


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # without the BOM Excel reads Windows-1252
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_for_french_excel():
    rows = _csv(
        spreadsheets.csv_bytes(
            [
                ["Nom", "Montant", "Taux", "Vide", "Date", "Nombre"],
                ["Élodie ; Bérénger", Decimal("1234.50"), 0.25, None, datetime.date(2026, 3, 1), 7],
            ]
        )
    )
    assert rows == [
        ["Nom", "Montant", "Taux", "Vide", "Date", "Nombre"],
        ["Élodie ; Bérénger", "1234,50", "0,25", "", "2026-03-01", "7"],
    ]


def test_csv_text_that_looks_like_a_formula_is_shown_not_run():
    (row,) = _csv(spreadsheets.csv_bytes([TYPED]))
    assert row == ["'" + text for text in TYPED]
    # Plain numbers, negative amounts included, are left as numbers.
    (row,) = _csv(spreadsheets.csv_bytes([["-12,50", "+33612345678", "-4"]]))
    assert row == ["-12,50", "+33612345678", "-4"]


def test_csv_streams_in_pieces():
    rows = [[f"ligne {i}", "x" * 100] for i in range(2000)]
    chunks = list(spreadsheets.csv_chunks(rows, size=16 * 1024))
    assert len(chunks) > 5
    assert len(_csv(b"".join(chunks))) == 2000


def test_xlsx_keeps_numbers_and_dates_and_stores_typed_text_as_text():
    data = spreadsheets.xlsx_bytes(
        "Inscrits / jour",
        [
            ["Nom", "Montant", "Date", "Libellé"],
            ["Anne\x0b Martin", Decimal("12.50"), datetime.date(2026, 3, 1), gettext_lazy("Paid")],
            TYPED,
        ],
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Inscrits   jour"  # "/" is not allowed in a sheet name
    name, amount, day, label = sheet[2][:4]
    assert name.value == "Anne Martin"  # a control character would fail the whole file
    assert (amount.value, amount.data_type) == (12.5, "n")
    assert day.value == datetime.datetime(2026, 3, 1)
    assert label.value == str(gettext_lazy("Paid"))
    for cell, text in zip(sheet[3], TYPED, strict=True):
        assert (cell.value, cell.data_type) == (text, "s")

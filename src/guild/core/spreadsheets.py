"""Spreadsheet exports that open cleanly, and safely, in French Excel and LibreOffice.

CSV: UTF-8 with a byte-order mark (without it Excel reads Windows-1252), semicolons (the list
separator of French locales), CRLF line ends, decimal comma.

Both CSV and XLSX: text typed by members, visitors or contacts never runs as a formula when
the file is opened ("CSV injection": a name such as ``=HYPERLINK("http://…")``). In CSV such
text is prefixed with an apostrophe, as spreadsheet programs do themselves; in XLSX it is
stored as text. Characters that XLSX cannot hold (control characters) are dropped instead of
failing the whole export.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_CHUNK = 64 * 1024
_XLSX_NATIVE = (bool, int, float, datetime.date, datetime.time, datetime.timedelta)

Row = Sequence[object]


def safe_text(text: str) -> str:
    """``text`` as a spreadsheet shows it and never evaluates it (numbers stay numbers)."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool | int):
        return value
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return safe_text(str(value))


class _Line:
    def write(self, line: str) -> str:
        return line


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    """The byte-order mark, then one CSV line per row."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_chunks(rows: Iterable[Row], size: int = _CHUNK) -> Iterator[bytes]:
    """The CSV in UTF-8 pieces of about ``size`` bytes, for a streaming response."""
    parts: list[str] = []
    length = 0
    for line in csv_lines(rows):
        parts.append(line)
        length += len(line)
        if length >= size:
            yield "".join(parts).encode("utf-8")
            parts, length = [], 0
    if parts:
        yield "".join(parts).encode("utf-8")


def csv_bytes(rows: Iterable[Row]) -> bytes:
    return b"".join(csv_chunks(rows))


def csv_response(rows: Iterable[Row], filename: str) -> StreamingHttpResponse:
    """Rows streamed as they are read (a large export never sits whole in memory)."""
    response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_row(sheet, values: Row) -> list:
    """Cells for ``sheet.append``: numbers and dates as such, anything else as text."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells: list = []
    for value in values:
        if isinstance(value, Decimal):
            value = float(value)
        elif value is not None and not isinstance(value, _XLSX_NATIVE):
            value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
            if value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # openpyxl would store it as a formula
                value = cell
        cells.append(value)
    return cells


def xlsx_bytes(title: str, rows: Iterable[Row]) -> bytes:
    """One sheet named ``title`` (Excel allows 31 characters), rows as given."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\\/?*\[\]:]", " ", str(title))[:31])
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(title: str, rows: Iterable[Row], filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

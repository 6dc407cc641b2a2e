"""Read uploaded tables: CSV (UTF-8 with or without BOM, Windows-1252; comma, semicolon or
tab) and XLSX, as a stream of ``(line number, cells)``; French dates and decimals."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

SAMPLE_BYTES = 64 * 1024


class TableError(ValueError):
    """The file cannot be read as a table (French message)."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (line number in the file, cells)
    encoding: str = ""
    delimiter: str = ""


def sniff_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(sample) - 3 and len(sample) >= SAMPLE_BYTES:
            return "utf-8"  # a multi-byte character cut by the sample's end
    # Spreadsheets on French Windows write Windows-1252; try it before guessing, because a
    # short French sample is often guessed as another single-byte code page.
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best else "cp1252"


def sniff_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def read_table(fileobj, filename: str) -> Table:
    """Open ``fileobj`` (binary) as a table; rows are read lazily."""
    head = fileobj.read(4)
    fileobj.seek(0)
    if head.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(fileobj)
    return _read_csv(fileobj)


def _read_csv(fileobj) -> Table:
    sample = fileobj.read(SAMPLE_BYTES)
    fileobj.seek(0)
    if not sample.strip():
        raise TableError(_("The file is empty."))
    if b"\x00" in sample:
        raise TableError(_("This file is neither a CSV file nor an Excel (.xlsx) workbook."))
    encoding = sniff_encoding(sample)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    try:
        first_line = text.readline()
    except UnicodeDecodeError as error:
        raise TableError(_("The file's character encoding could not be read.")) from error
    delimiter = sniff_delimiter(first_line)
    headers = next(csv.reader([first_line], delimiter=delimiter), [])
    headers = [h.strip() for h in headers]
    if not any(headers):
        raise TableError(_("The first line must hold the column names."))

    def rows():
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for cells in reader:
                line = reader.line_num + 1
                if any(cell.strip() for cell in cells):
                    yield line, cells
        except UnicodeDecodeError as error:
            raise TableError(_("The file's character encoding could not be read.")) from error
        except csv.Error as error:
            raise TableError(
                _("Line %(line)s cannot be read: %(error)s")
                % {"line": reader.line_num + 1, "error": error}
            ) from error

    return Table(headers=headers, rows=rows(), encoding=encoding, delimiter=delimiter)


def _read_xlsx(fileobj) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(
            _("This file is neither a CSV file nor an Excel (.xlsx) workbook.")
        ) from error
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header_row = next(iterator)
    except StopIteration as error:
        raise TableError(_("The file is empty.")) from error
    headers = ["" if h is None else str(h).strip() for h in header_row]
    if not any(headers):
        raise TableError(_("The first line must hold the column names."))

    def rows():
        for line, cells in enumerate(iterator, start=2):
            values = ["" if c is None else c for c in cells]
            if any(str(v).strip() for v in values):
                yield line, values
        workbook.close()

    return Table(headers=headers, rows=rows(), encoding="xlsx", delimiter="")


# --- French values -------------------------------------------------------------------------

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:[ T].*)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
_WORD_DATE = re.compile(r"^(?:[a-z]+ )?(\d{1,2})(?:er)? ([a-z]+) (\d{4})$")


def normalise(text: str) -> str:
    """Lower case, no accents, single spaces (for matching headers and words)."""
    stripped = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s_]+", " ", stripped.lower()).strip()


def parse_date(value) -> date:
    """``12/01/2026``, ``12/01/26``, ``2026-01-12``, ``12 janvier 2026``, ``lundi 1er juin
    2026`` or an Excel date; ``ValueError`` otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):  # an Excel serial number
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = str(value).strip()
    if match := _NUMERIC_DATE.match(text):
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000
        return date(year, month, day)
    if match := _ISO_DATE.match(text):
        return date(*(int(g) for g in match.groups()))
    if match := _WORD_DATE.match(normalise(text).replace(",", "")):
        day, month_name, year = match.groups()
        if month_name in MONTHS:
            return date(int(year), MONTHS[month_name], int(day))
    raise ValueError(text)


def parse_decimal(value) -> Decimal:
    """``1 234,50``, ``1234.50``, ``1.234,50``, ``60 €`` or a number; ``ValueError``
    otherwise."""
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = str(value).strip().replace("€", "").replace("EUR", "")
    text = re.sub(r"[\s\u00a0\u202f']", "", text)
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise ValueError(value) from error

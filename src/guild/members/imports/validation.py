"""Turn one mapped row into clean values, or French errors naming line and column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from guild.members.identifiers import clean_siren, clean_siret
from guild.members.imports.parsing import normalise, parse_date, parse_decimal

SKIPPED_STATUSES = ("rembours", "annul", "refus", "echou", "abandon", "refunded", "canceled")
REQUIRED = ("email",)


@dataclass
class CleanRow:
    line: int
    email: str
    first_name: str
    last_name: str
    phone: str = ""
    organisation: str = ""
    siren: str = ""
    siret: str = ""
    naf_id: int | None = None
    postal_code: str = ""
    city: str = ""
    category_id: int | None = None
    amount: Decimal | None = None
    date: date | None = None
    period_end: date | None = None
    reference: str = ""
    skipped: bool = False


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


def split_full_name(value: str) -> tuple[str, str]:
    """``MARTIN Claire`` or ``Claire Martin`` -> (first name, last name)."""
    parts = value.split()
    if not parts:
        return "", ""
    upper = [p for p in parts if p.isupper() and len(p) > 1]
    if upper and len(upper) < len(parts):
        return " ".join(p for p in parts if p not in upper), " ".join(upper)
    if len(parts) == 1:
        return "", parts[0]
    return parts[0], " ".join(parts[1:])


class RowValidator:
    """Validates rows against a mapping; reference data is loaded once."""

    def __init__(self, *, headers, mapping, categories, default_category, naf_codes):
        self.headers = headers
        self.mapping = mapping
        self.categories = categories  # normalised name or code -> category
        self.default_category = default_category
        self.naf_codes = naf_codes  # "62.01Z" -> id

    def column(self, target: str) -> str:
        index = self.mapping.get(target)
        return self.headers[index] if index is not None and index < len(self.headers) else target

    def cell(self, cells, target: str):
        index = self.mapping.get(target)
        if index is None or index >= len(cells):
            return ""
        value = cells[index]
        return value.strip() if isinstance(value, str) else value

    def text(self, cells, target: str) -> str:
        value = self.cell(cells, target)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip() if value not in (None, "") else ""

    def validate(self, line: int, cells) -> tuple[CleanRow | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(target, message):
            errors.append(RowError(line, self.column(target), message))

        email = self.text(cells, "email").lower()
        if not email:
            fail("email", _("The e-mail address is missing."))
        else:
            try:
                validate_email(email)
            except ValidationError:
                fail("email", _("“%(value)s” is not a valid e-mail address.") % {"value": email})
        first_name = self.text(cells, "first_name")
        last_name = self.text(cells, "last_name")
        if not last_name and "full_name" in self.mapping:
            first, last = split_full_name(self.text(cells, "full_name"))
            first_name, last_name = first_name or first, last
        if not last_name:
            fail(
                "last_name" if "last_name" in self.mapping else "full_name",
                _("The last name is missing."),
            )
        for target, value, limit in (
            ("first_name", first_name, 150),
            ("last_name", last_name, 150),
        ):
            if len(value) > limit:
                fail(
                    target,
                    _("This value is too long (%(limit)s characters at most).") % {"limit": limit},
                )
        row = CleanRow(line=line, email=email, first_name=first_name, last_name=last_name)
        row.phone = self.text(cells, "phone")[:30]
        row.organisation = self.text(cells, "organisation")[:255]
        row.postal_code = self.text(cells, "postal_code")[:10]
        row.city = self.text(cells, "city")[:100]
        row.reference = self.text(cells, "reference")[:100]
        if siren := self.text(cells, "siren"):
            try:
                row.siren = clean_siren(siren)
            except ValidationError as error:
                fail("siren", " ".join(error.messages))
        if siret := self.text(cells, "siret"):
            try:
                row.siret = clean_siret(siret)
            except ValidationError as error:
                fail("siret", " ".join(error.messages))
            else:
                row.siren = row.siren or row.siret[:9]
        if naf := self.text(cells, "naf"):
            raw = naf.upper().replace(".", "").replace(" ", "")
            code = f"{raw[:2]}.{raw[2:]}" if len(raw) == 5 else raw
            row.naf_id = self.naf_codes.get(code)
            if row.naf_id is None:
                fail("naf", _("Unknown NAF code “%(code)s”.") % {"code": naf})
        category_name = self.text(cells, "category")
        category = self.categories.get(normalise(category_name)) if category_name else None
        category = category or self.default_category
        if category is None:
            if category_name:
                fail(
                    "category",
                    _("No membership category is called “%(name)s”; choose a default category.")
                    % {"name": category_name},
                )
            else:
                fail("category", _("The membership category is missing."))
        else:
            row.category_id = category.pk
            if category.holder == category.Holder.ORGANISATION and not (
                row.organisation or row.siren
            ):
                fail(
                    "organisation",
                    _("The category “%(name)s” is for organisations: the legal name is missing.")
                    % {"name": category.name},
                )
        if (amount := self.cell(cells, "amount")) not in ("", None):
            try:
                row.amount = parse_decimal(amount)
            except ValueError:
                fail("amount", _("“%(value)s” is not an amount.") % {"value": amount})
        for target in ("date", "period_end"):
            if (value := self.cell(cells, target)) not in ("", None):
                try:
                    setattr(row, target, parse_date(value))
                except ValueError:
                    fail(target, _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": value})
        status = normalise(self.text(cells, "status"))
        row.skipped = bool(status) and status.startswith(SKIPPED_STATUSES)
        return (None if errors else row), errors

"""French company identifiers: SIREN, SIRET (with La Poste's exception) and VAT numbers.

Checksums come from python-stdnum. La Poste (SIREN 356 000 000) numbers its establishments
beyond what the Luhn key allows: its SIRETs are also valid when the sum of their digits is
a multiple of 5. The rule is applied here explicitly so it holds whatever the library version.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import tva as stdnum_tva
from stdnum.luhn import is_valid as luhn_valid

LA_POSTE_SIREN = "356000000"


def _digits(value: str) -> str:
    return "".join(ch for ch in (value or "") if not ch.isspace() and ch not in ".-")


def clean_siren(value: str) -> str:
    number = _digits(value)
    if len(number) != 9 or not number.isdigit():
        raise ValidationError(_("A SIREN number has 9 digits."))
    if not stdnum_siren.is_valid(number):
        raise ValidationError(_("This SIREN number is not valid (check digit)."))
    return number


def siret_is_valid(number: str) -> bool:
    if len(number) != 14 or not number.isdigit():
        return False
    if not stdnum_siren.is_valid(number[:9]):
        return False
    if luhn_valid(number):
        return True
    return number.startswith(LA_POSTE_SIREN) and sum(int(ch) for ch in number) % 5 == 0


def clean_siret(value: str) -> str:
    number = _digits(value)
    if len(number) != 14 or not number.isdigit():
        raise ValidationError(_("A SIRET number has 14 digits."))
    if not siret_is_valid(number):
        raise ValidationError(_("This SIRET number is not valid (check digit)."))
    return number


def clean_vat(value: str) -> str:
    number = _digits(value).upper()
    if not number:
        return ""
    if not number.startswith("FR"):
        raise ValidationError(_("Only French VAT numbers (FR…) are checked here."))
    if not stdnum_tva.is_valid(number):
        raise ValidationError(_("This French VAT number is not valid."))
    return number


def vat_from_siren(siren: str) -> str:
    """The French intra-EU VAT number derived from a SIREN."""
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def naf_lookup(code: str, version: str = "NAFRev2"):
    """The NAF code row for ``code`` (``6201Z``, ``62.01Z`` or ``62.01z``); French error if
    unknown."""
    from guild.members.models import NafCode

    raw = _digits(code).upper().replace(".", "")
    normalised = f"{raw[:2]}.{raw[2:]}" if len(raw) == 5 else raw
    found = NafCode.objects.filter(version=version, code=normalised).first()
    if found is None:
        raise ValidationError(_("Unknown NAF code “%(code)s”.") % {"code": code})
    return found

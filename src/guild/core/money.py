"""Money as Decimal euros, VAT computed per line and rounded half-up to the cent."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
VAT_RATES = (Decimal("0.00"), Decimal("5.50"), Decimal("10.00"), Decimal("20.00"))


def to_money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Amounts:
    net: Decimal
    vat: Decimal
    gross: Decimal


def vat_split(net, rate) -> Amounts:
    """Split a net amount with a VAT rate given in percent (e.g. ``Decimal("20.00")``)."""
    net = to_money(net)
    vat = to_money(net * Decimal(str(rate)) / Decimal(100))
    return Amounts(net=net, vat=vat, gross=net + vat)


def format_eur(value, language: str = "fr") -> str:
    amount = to_money(value)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    if language.startswith("fr"):
        return f"{sign}{'\u202f'.join(groups)},{cents}\u00a0€"
    return f"{sign}€{','.join(groups)}.{cents}"

"""Reference values: INSEE headcount bands (tranches d'effectif) and membership statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HeadcountBand(models.TextChoices):
    """INSEE ``trancheEffectifs`` codes (Sirene)."""

    UNKNOWN = "NN", _("Not filled in / no employee (unknown)")
    ZERO = "00", _("0 employees")
    B01 = "01", _("1 or 2 employees")
    B02 = "02", _("3 to 5 employees")
    B03 = "03", _("6 to 9 employees")
    B11 = "11", _("10 to 19 employees")
    B12 = "12", _("20 to 49 employees")
    B21 = "21", _("50 to 99 employees")
    B22 = "22", _("100 to 199 employees")
    B31 = "31", _("200 to 249 employees")
    B32 = "32", _("250 to 499 employees")
    B41 = "41", _("500 to 999 employees")
    B42 = "42", _("1,000 to 1,999 employees")
    B51 = "51", _("2,000 to 4,999 employees")
    B52 = "52", _("5,000 to 9,999 employees")
    B53 = "53", _("10,000 employees or more")


# Midpoints used to estimate jobs represented (method stated wherever the figure is shown).
HEADCOUNT_MIDPOINTS = {
    "NN": 0, "00": 0, "01": 1.5, "02": 4, "03": 7.5, "11": 14.5, "12": 34.5, "21": 74.5,
    "22": 149.5, "31": 224.5, "32": 374.5, "41": 749.5, "42": 1499.5, "51": 3499.5,
    "52": 7499.5, "53": 10000,
}


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    ADMITTED = "admitted", _("admitted")
    REFUSED = "refused", _("refused")
    AWAITING_PAYMENT = "awaiting_payment", _("awaiting payment")
    ACTIVE = "active", _("active")
    LAPSED = "lapsed", _("lapsed")
    RESIGNED = "resigned", _("resigned")
    EXCLUDED = "excluded", _("excluded")


S = MembershipStatus
# Allowed transitions, declared once; ``services.membership_transition`` enforces them.
TRANSITIONS: dict[str, set[str]] = {
    S.APPLIED: {S.ADMITTED, S.REFUSED, S.RESIGNED},
    S.ADMITTED: {S.AWAITING_PAYMENT, S.ACTIVE, S.RESIGNED},
    S.AWAITING_PAYMENT: {S.ACTIVE, S.LAPSED, S.RESIGNED, S.EXCLUDED},
    S.ACTIVE: {S.AWAITING_PAYMENT, S.LAPSED, S.RESIGNED, S.EXCLUDED},
    S.LAPSED: {S.AWAITING_PAYMENT, S.ACTIVE, S.RESIGNED, S.EXCLUDED},
    S.REFUSED: set(),
    S.RESIGNED: set(),
    S.EXCLUDED: set(),
}

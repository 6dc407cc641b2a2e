"""Staff forms: member search and filters, life-cycle acts, categories, reminder schedule."""

from __future__ import annotations

import re
from datetime import datetime, time
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guild.core.forms import Form, ModelForm
from guild.core.money import VAT_RATES
from guild.members.constants import TRANSITIONS, HeadcountBand, MembershipStatus
from guild.members.models import MembershipCategory

S = MembershipStatus


class MemberFilterForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Held by"),
        required=False,
        choices=[
            ("", _("All")),
            ("organisation", _("Organisations")),
            ("person", _("Independents")),
        ],
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *S.choices]
    )
    departement = forms.CharField(label=_("Département"), required=False, max_length=3)
    sector = forms.ChoiceField(label=_("Sector (NAF division)"), required=False)

    def __init__(self, *args, sectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All"))] + [
            (c.code, c.name) for c in MembershipCategory.objects.all()
        ]
        self.fields["sector"].choices = [
            ("", _("All")),
            ("digital", _("Digital sector")),
            *sectors,
        ]

    def clean_departement(self):
        value = self.cleaned_data.get("departement", "").strip().upper()
        if value and not re.fullmatch(r"\d{2,3}|2A|2B", value):
            raise ValidationError(_("Enter a département number, e.g. 87 or 2A."))
        return value


# Acts a staff member may take on a membership, and the status each one leads to.
ACTS = {
    "resign": S.RESIGNED,
    "exclude": S.EXCLUDED,
    "reinstate": S.ACTIVE,
}


def allowed_acts(membership) -> list[str]:
    allowed = TRANSITIONS.get(membership.status, set())
    acts = [act for act, target in ACTS.items() if target in allowed]
    if membership.status not in {S.LAPSED, S.AWAITING_PAYMENT}:
        acts = [a for a in acts if a != "reinstate"]  # reinstating is for a member who fell out
    return acts


class TransitionForm(Form):
    act = forms.ChoiceField(choices=[(a, a) for a in ACTS], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(
        label=_("Effective date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean(self):
        data = super().clean()
        act = data.get("act")
        if act and act not in allowed_acts(self.membership):
            raise ValidationError(_("This act is not possible for this membership now."))
        if act == "exclude" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("An exclusion must state its reason."))
        on = data.get("on")
        if on and on > timezone.localdate():
            self.add_error("on", _("The date cannot be in the future."))
        elif on:
            last = self.membership.events.order_by("-at").values_list("at", flat=True).first()
            if last and on < timezone.localdate(last):
                self.add_error(
                    "on",
                    _("The date cannot precede the last change of status (%(date)s).")
                    % {"date": timezone.localdate(last).strftime("%d/%m/%Y")},
                )
        return data

    @property
    def at(self):
        on = self.cleaned_data.get("on")
        if not on or on == timezone.localdate():
            return None
        return timezone.make_aware(datetime.combine(on, time(12, 0)))


BAND_PREFIX = "band_"


class CategoryForm(ModelForm):
    class Meta:
        model = MembershipCategory
        fields = [
            "name",
            "code",
            "description",
            "holder",
            "college",
            "voting",
            "seats_fixed",
            "seats_per_employees",
            "dues_rule",
            "dues_amount",
            "vat_rate",
            "period",
            "grace_days",
            "admission_required",
            "open_for_applications",
            "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        table = (self.instance.dues_table or {}) if self.instance else {}
        self.band_fields = []
        for code, label in HeadcountBand.choices:
            name = f"{BAND_PREFIX}{code}"
            self.fields[name] = forms.DecimalField(
                label=label,
                required=False,
                min_value=Decimal("0"),
                max_digits=10,
                decimal_places=2,
                initial=table.get(code),
            )
            self.fields[name].widget.attrs["class"] = "form-control"
            self.band_fields.append(name)
        self.fields["dues_amount"].help_text = _(
            "Fixed rule: the amount. By headcount band: the amount for bands left empty. "
            "Free amount: the minimum."
        )
        self.fields["code"].help_text = _("Short identifier: lower-case letters, digits, dashes.")

    def bands(self):
        return [self[name] for name in self.band_fields]

    def clean_vat_rate(self):
        rate = self.cleaned_data["vat_rate"]
        if rate is not None and rate.quantize(Decimal("0.01")) not in VAT_RATES:
            raise ValidationError(_("The VAT rate must be 0, 5.5, 10 or 20 %."))
        return rate

    def clean_grace_days(self):
        days = self.cleaned_data["grace_days"]
        if days is not None and days > 365:
            raise ValidationError(_("The grace period cannot exceed 365 days."))
        return days

    def clean_seats_fixed(self):
        seats = self.cleaned_data["seats_fixed"]
        if seats is not None and seats < 1:
            raise ValidationError(_("A membership includes at least one seat."))
        return seats

    def clean(self):
        data = super().clean()
        rule = data.get("dues_rule")
        table = {}
        for name in self.band_fields:
            value = data.get(name)
            if value is not None:
                table[name.removeprefix(BAND_PREFIX)] = str(value.quantize(Decimal("0.01")))
        if rule == MembershipCategory.DuesRule.HEADCOUNT and not table:
            raise ValidationError(
                _("With dues by headcount band, enter the amount of at least one band.")
            )
        if rule != MembershipCategory.DuesRule.HEADCOUNT and table:
            raise ValidationError(
                _("Amounts by headcount band are only used with the “by headcount band” rule.")
            )
        if rule == MembershipCategory.DuesRule.FREE and (data.get("dues_amount") or 0) <= 0:
            self.add_error("dues_amount", _("A free amount needs a minimum above zero."))
        if data.get("holder") == MembershipCategory.Holder.PERSON and data.get(
            "seats_per_employees"
        ):
            self.add_error(
                "seats_per_employees",
                _("Extra seats by headcount only apply to organisations."),
            )
        if (
            data.get("holder") == MembershipCategory.Holder.PERSON
            and rule == MembershipCategory.DuesRule.HEADCOUNT
        ):
            self.add_error("dues_rule", _("Dues by headcount band only apply to organisations."))
        data["dues_table"] = table
        return data

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith(BAND_PREFIX)}
        return data


class ReminderStepForm(Form):
    offset_days = forms.IntegerField(
        label=_("Days from the due date"),
        min_value=-365,
        max_value=365,
        help_text=_("For example -30 (30 days before), 0 (on the day) or 15 (15 days after)."),
    )


class DuesCallForm(Form):
    year = forms.IntegerField(label=_("Year"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        today = timezone.localdate()
        if not today.year - 1 <= year <= today.year + 1:
            raise ValidationError(
                _("Choose %(a)s, %(b)s or %(c)s.")
                % {"a": today.year - 1, "b": today.year, "c": today.year + 1}
            )
        return year

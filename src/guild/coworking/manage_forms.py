"""Space manager's forms: spaces, opening hours, closures, resources and plans."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from guild.core.forms import ModelForm
from guild.coworking.models import Closure, OpeningHours, Plan, Resource, Space

_POSTAL_CODE = re.compile(r"^\d{5}$")


class SpaceForm(ModelForm):
    class Meta:
        model = Space
        fields = [
            "name",
            "slug",
            "address_line",
            "postal_code",
            "city",
            "min_minutes",
            "max_minutes",
            "max_days_ahead",
            "max_concurrent",
            "cancel_deadline_hours",
            "buffer_minutes",
            "no_show_release_minutes",
        ]

    def clean_postal_code(self):
        code = self.cleaned_data["postal_code"].strip()
        if code and not _POSTAL_CODE.match(code):
            raise forms.ValidationError(_("A French postal code has five digits."))
        return code

    def clean(self):
        data = super().clean()
        low, high = data.get("min_minutes"), data.get("max_minutes")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_minutes",
                _("The maximum duration cannot be shorter than the minimum duration."),
            )
        if low is not None and low < 15:
            self.add_error("min_minutes", _("A booking lasts at least 15 minutes."))
        return data


class OpeningHoursForm(ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}),
            "closes": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, space=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and opens >= closes:
            self.add_error("closes", _("The closing time must be after the opening time."))
        weekday = data.get("weekday")
        if (
            self.space is not None
            and weekday is not None
            and self.space.opening_hours.filter(weekday=weekday)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("weekday", _("This day already has opening hours; edit them instead."))
        return data


class ClosureForm(ModelForm):
    class Meta:
        model = Closure
        fields = ["date_from", "date_to", "reason"]
        widgets = {
            "date_from": forms.DateInput(attrs={"type": "date"}),
            "date_to": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The last day cannot be before the first day."))
        return data


PRICE_PAIRS = (
    ("member_price_hour", "public_price_hour"),
    ("member_price_half_day", "public_price_half_day"),
    ("member_price_day", "public_price_day"),
)


class ResourceForm(ModelForm):
    class Meta:
        model = Resource
        fields = [
            "kind",
            "name",
            "description",
            "capacity",
            "pool_size",
            "equipment",
            "member_price_hour",
            "public_price_hour",
            "member_price_half_day",
            "public_price_half_day",
            "member_price_day",
            "public_price_day",
            "active",
            "position",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        for name in [field for pair in PRICE_PAIRS for field in pair]:
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("A price cannot be negative."))
        for member, public in PRICE_PAIRS:
            low, high = data.get(member), data.get(public)
            if low is not None and high is not None and low > high:
                self.add_error(
                    member, _("The member price cannot be higher than the non-member price.")
                )
        if data.get("capacity") is not None and data["capacity"] < 1:
            self.add_error("capacity", _("The capacity is at least one person."))
        kind, pool = data.get("kind"), data.get("pool_size")
        if pool is not None and pool < 1:
            self.add_error("pool_size", _("A pool has at least one desk."))
        elif kind and kind != Resource.Kind.HOT_DESK_POOL and pool not in (None, 1):
            self.add_error("pool_size", _("Only a pool of hot desks has several desks."))
        return data


class PlanForm(ModelForm):
    class Meta:
        model = Plan
        fields = [
            "kind",
            "name",
            "description",
            "price",
            "vat_rate",
            "members_only",
            "days_included",
            "validity_days",
            "room_hours_per_month",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_price(self):
        price = self.cleaned_data["price"]
        if price < 0:
            raise forms.ValidationError(_("A price cannot be negative."))
        return price

    def clean_vat_rate(self):
        rate = self.cleaned_data["vat_rate"]
        if rate not in (0, 5.5, 10, 20):
            raise forms.ValidationError(_("Choose a French VAT rate: 0, 5.5, 10 or 20 %."))
        return rate

    def clean_validity_days(self):
        days = self.cleaned_data["validity_days"]
        if days < 1:
            raise forms.ValidationError(_("A plan is valid for at least one day."))
        return days

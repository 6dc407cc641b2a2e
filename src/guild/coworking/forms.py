from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guild.core.forms import Form


class BookingForm(Form):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=pgettext_lazy("time", "From"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=pgettext_lazy("time", "To"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    quantity = forms.IntegerField(label=_("Number of desks"), min_value=1, max_value=50, initial=1)
    repeat_weeks = forms.IntegerField(
        label=_("Repeat every week (number of weeks)"),
        min_value=1,
        max_value=26,
        initial=1,
        help_text=_("1 books this date only."),
    )

    def __init__(self, *args, resource=None, **kwargs):
        super().__init__(*args, **kwargs)
        if resource is not None and not resource.is_pool:
            del self.fields["quantity"]

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("start_time") and data.get("end_time"):
            tz = timezone.get_current_timezone()
            data["start"] = datetime.combine(data["day"], data["start_time"], tzinfo=tz)
            data["end"] = datetime.combine(data["day"], data["end_time"], tzinfo=tz)
            if data["end"] <= data["start"]:
                raise forms.ValidationError(_("The end must be after the start."))
        return data


class PresenceForm(Form):
    show_presence = forms.BooleanField(
        label=_("Show me in “who is here today” when I have checked in"), required=False
    )

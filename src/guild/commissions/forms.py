"""Forms of the commission pages; they bind input, services validate and write."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guild.commissions.models import (
    Action,
    ActionLink,
    Attendance,
    Commission,
    CommissionSettings,
    Horizon,
    Membership,
    Mission,
)
from guild.core.forms import Form, ModelForm


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def commission_people(commission):
    ids = Membership.objects.filter(commission=commission, status=Membership.Status.ACTIVE).values(
        "user_id"
    )
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("last_name", "first_name")
    )


class CommissionForm(ModelForm):
    class Meta:
        model = Commission
        fields = ["name", "description", "visibility", "join_policy"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


class MissionForm(ModelForm):
    class Meta:
        model = Mission
        fields = ["title", "description", "objectives"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
        }


class ActionForm(ModelForm):
    horizon = forms.ChoiceField(
        label=_("Horizon"),
        required=False,
        choices=[("", _("Automatic (from the target date)")), *Horizon.choices],
        help_text=_("Leave automatic to derive it from the target date."),
    )
    owners = PersonChoiceField(
        label=_("Owners"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    class Meta:
        model = Action
        fields = [
            "mission",
            "title",
            "description",
            "status",
            "owners",
            "start_date",
            "target_date",
            "horizon",
            "progress",
            "planned_budget",
            "spent_budget",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": DateInput(),
            "target_date": DateInput(),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }

    def __init__(self, *args, commission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = commission.missions.all()
        self.fields["owners"].queryset = commission_people(commission)
        if self.instance.pk:
            del self.fields["status"]
            if self.instance.horizon_explicit:
                self.initial["horizon"] = self.instance.horizon
        else:
            self.fields["status"].choices = [
                c
                for c in Action.Status.choices
                if c[0] in {Action.Status.IDEA, Action.Status.PLANNED, Action.Status.IN_PROGRESS}
            ]

    def _post_clean(self):
        # Validation belongs to the service (it reports French messages on the fields).
        pass

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["horizon"] = data.get("horizon") or None
        data["owners"] = list(data.get("owners") or [])
        return data


class TransitionForm(Form):
    status = forms.ChoiceField(label=_("New status"), choices=Action.Status.choices)
    reason = forms.CharField(
        label=_("Reason (when abandoning)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProgressForm(Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


class MilestoneForm(Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())


class IndicatorForm(Form):
    name = forms.CharField(label=_("Indicator"), max_length=150)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    target_value = forms.DecimalField(label=_("Target value"), max_digits=14, decimal_places=2)
    current_value = forms.DecimalField(
        label=_("Current value"), max_digits=14, decimal_places=2, initial=0
    )


class IndicatorValueForm(Form):
    current_value = forms.DecimalField(label=_("Current value"), max_digits=14, decimal_places=2)


class LinkForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionLink.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Address (URL)"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("or a file"), required=False)


class DependencyForm(Form):
    depends_on = forms.ModelChoiceField(label=_("Depends on"), queryset=Action.objects.none())

    def __init__(self, *args, action, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["depends_on"].queryset = candidates.exclude(pk=action.pk)
        self.fields["depends_on"].label_from_instance = lambda a: (
            f"{a.mission.commission.name} – {a.title}"
        )


class CommentForm(Form):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mention someone with @firstname.lastname: they will receive an e-mail."),
    )


class MeetingForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    duration = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=12 * 60, initial=90
    )
    location = forms.CharField(label=_("Place"), max_length=250, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line."),
    )

    @classmethod
    def initial_for(cls, meeting) -> dict:
        return {
            "title": meeting.title,
            "starts_at": timezone.localtime(meeting.starts_at),
            "duration": int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
            "location": meeting.location,
            "video_url": meeting.video_url,
            "agenda": "\n".join(i.title for i in meeting.agenda_items.all()),
        }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        starts_at: datetime = data.pop("starts_at")
        data["starts_at"] = starts_at
        data["ends_at"] = starts_at + timedelta(minutes=data.pop("duration"))
        return data


class MinutesForm(Form):
    minutes = forms.CharField(
        label=pgettext_lazy("meeting", "Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One decision per line."),
    )
    publish = forms.BooleanField(label=_("Publish the minutes"), required=False)


class AttendanceForm(Form):
    def __init__(self, *args, people, current, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not recorded")), *Attendance.Status.choices]
        for person in people:
            self.fields[f"p{person.pk}"] = forms.ChoiceField(
                label=person.display_name,
                choices=choices,
                required=False,
                initial=current.get(person.pk, ""),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def statuses(self) -> dict:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class MemberAddForm(Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

    def clean_email(self):
        user = (
            get_user_model()
            .objects.filter(email__iexact=self.cleaned_data["email"], is_active=True)
            .first()
        )
        if user is None:
            raise forms.ValidationError(_("No account uses this e-mail address."))
        self.user = user
        return user.email


class SettingsForm(ModelForm):
    class Meta:
        model = CommissionSettings
        fields = ["short_max_months", "medium_max_months", "reminder_days"]

    def _post_clean(self):
        pass

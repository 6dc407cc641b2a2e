"""Forms: registration (one person or a group, custom questions, consents), desk walk-in,
attendee change, waiting list, staff screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guild.core.forms import Form, ModelForm
from guild.events.models import Event, Question, TicketType, Voucher
from guild.events.services.orders import Attendee

DEPARTEMENTS_HINT = _("For example 87 or 2A.")


def _question_field(question: Question) -> forms.Field:
    required = question.required
    if question.kind == Question.Kind.CHOICE:
        return forms.ChoiceField(
            label=question.label,
            required=required,
            choices=[("", "—")] + [(c, c) for c in question.choice_list()],
        )
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=question.label,
            required=required,
            widget=forms.CheckboxSelectMultiple,
            choices=[(c, c) for c in question.choice_list()],
        )
    if question.kind == Question.Kind.BOOLEAN:
        return forms.BooleanField(label=question.label, required=required)
    return forms.CharField(label=question.label, required=required, max_length=200)


class RegistrationForm(Form):
    """``quantity`` attendees of one ticket type; the first attendee is the buyer by default."""

    def __init__(
        self,
        *args,
        event: Event,
        ticket_type: TicketType,
        quantity: int = 1,
        questions=(),
        user=None,
        with_voucher: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.event, self.ticket_type, self.quantity = event, ticket_type, quantity
        self.questions = list(questions)
        initial_user = user if getattr(user, "is_authenticated", False) else None
        for i in range(quantity):
            p = f"a{i}_"
            self.fields[p + "first_name"] = forms.CharField(label=_("First name"), max_length=150)
            self.fields[p + "last_name"] = forms.CharField(label=_("Last name"), max_length=150)
            self.fields[p + "email"] = forms.EmailField(label=_("E-mail"), required=i == 0)
            self.fields[p + "company"] = forms.CharField(
                label=_("Company"), max_length=200, required=False
            )
            self.fields[p + "job_title"] = forms.CharField(
                label=_("Job title"), max_length=150, required=False
            )
            for question in self.questions:
                self.fields[p + "q_" + question.key] = _question_field(question)
            self.fields[p + "share"] = forms.BooleanField(
                label=event.exhibitor_consent_text, required=False
            )
            if i == 0 and initial_user is not None:
                self.fields[p + "first_name"].initial = initial_user.first_name
                self.fields[p + "last_name"].initial = initial_user.last_name
                self.fields[p + "email"].initial = initial_user.email
        if with_voucher:
            self.fields["voucher"] = forms.CharField(
                label=_("Voucher or invitation code"), max_length=40, required=False
            )
        self.fields["accept"] = forms.BooleanField(
            label=_(
                "I accept that my registration data is processed to organise the event "
                "(attendee list, badge, check-in)."
            )
        )

    def attendee_blocks(self):
        blocks = []
        for i in range(self.quantity):
            p = f"a{i}_"
            blocks.append([self[name] for name in self.fields if name.startswith(p)])
        return blocks

    def clean(self):
        data = super().clean()
        if self.quantity > 1:
            for i in range(1, self.quantity):
                if not data.get(f"a{i}_email"):
                    data[f"a{i}_email"] = data.get("a0_email", "")
        return data

    def attendees(self) -> list[Attendee]:
        data = self.cleaned_data
        out = []
        for i in range(self.quantity):
            p = f"a{i}_"
            answers = {}
            for question in self.questions:
                value = data.get(p + "q_" + question.key)
                if value not in (None, "", []):
                    answers[question.key] = value
            out.append(
                Attendee(
                    ticket_type_id=self.ticket_type.pk,
                    first_name=data[p + "first_name"],
                    last_name=data[p + "last_name"],
                    email=data.get(p + "email") or "",
                    company=data.get(p + "company", ""),
                    job_title=data.get(p + "job_title", ""),
                    answers=answers,
                    share_with_exhibitors=bool(data.get(p + "share")),
                )
            )
        return out


class AttendeeChangeForm(Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)


class WaitingListForm(Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail"))


class DeskForm(Form):
    ticket_type = forms.ModelChoiceField(label=_("Ticket type"), queryset=TicketType.objects.none())
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    check_in = forms.BooleanField(label=_("Check in now"), required=False, initial=True)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = TicketType.objects.filter(event=event)


class EventForm(ModelForm):
    class Meta:
        model = Event
        fields = [
            "name",
            "kind",
            "series",
            "summary",
            "description",
            "venue_name",
            "venue_address",
            "starts_at",
            "ends_at",
            "capacity",
            "confirmation_text",
            "exhibitor_consent_text",
            "badge_show_company",
            "badge_show_job",
            "waiting_list_enabled",
            "offer_hours",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }


class VoucherForm(Form):
    code = forms.CharField(label=_("Code (empty: generated)"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Voucher.Kind.choices)
    value = forms.DecimalField(
        label=_("Value (percent or euros)"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
    )
    max_uses = forms.IntegerField(label=_("Maximum uses"), min_value=1, initial=1)
    label = forms.CharField(label=_("Note"), max_length=200, required=False)


class InvitationsForm(Form):
    ticket_type = forms.ModelChoiceField(
        label=_("Ticket type offered"), queryset=TicketType.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Voucher.Kind.choices)
    value = forms.DecimalField(
        label=_("Value (percent or euros)"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
    )
    max_uses = forms.IntegerField(label=_("Uses per code"), min_value=1, initial=20)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_type"].queryset = TicketType.objects.filter(event=event)


class TicketTypeForm(ModelForm):
    class Meta:
        model = TicketType
        fields = [
            "name",
            "category",
            "description",
            "price",
            "member_price",
            "vat_rate",
            "colour",
            "quotas",
            "sale_starts_at",
            "sale_ends_at",
            "max_per_order",
            "is_public",
            "position",
        ]
        widgets = {
            "quotas": forms.CheckboxSelectMultiple,
            "colour": forms.TextInput(attrs={"type": "color"}),
            "sale_starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "sale_ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quotas"].queryset = event.quotas.all()


class QuotaForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    size = forms.IntegerField(label=_("Places"), min_value=1)

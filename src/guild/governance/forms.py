"""Forms of the governance screens."""

from __future__ import annotations

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guild.core.forms import Form, ModelForm
from guild.governance.models import (
    Assembly,
    BoardVoteResponse,
    BylawsPolicy,
    DecisionType,
    ElectedOffice,
    Majority,
    Mandate,
    Resolution,
)
from guild.governance.services.policy import POLICY_FIELDS


class PolicyForm(ModelForm):
    refusal_reasons_text = forms.CharField(
        label=_("Refusal reasons (one a line)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Political or union activity can never be a reason."),
    )

    class Meta:
        model = BylawsPolicy
        fields = ["effective_from", "note"] + [
            f
            for f in POLICY_FIELDS
            if f not in {"decision_rules", "refusal_reasons", "public_declaration_fields"}
        ]
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        policy = self.instance
        self.fields["refusal_reasons_text"].initial = "\n".join(policy.reasons())
        self.fields["effective_from"].initial = timezone.localdate()
        self.rule_fields = []
        for decision in DecisionType:
            rule = policy.rule(decision.value)
            prefix = f"rule_{decision.value}_"
            self.fields[prefix + "majority"] = forms.ChoiceField(
                label=_("%(type)s: majority") % {"type": decision.label},
                choices=[("", "—"), *Majority.choices],
                required=False,
                initial=rule.get("majority"),
            )
            self.fields[prefix + "quorum_first"] = forms.DecimalField(
                label=_("%(type)s: quorum, first convocation (%%)") % {"type": decision.label},
                min_value=0,
                max_value=100,
                initial=rule.get("quorum_first"),
            )
            self.fields[prefix + "quorum_second"] = forms.DecimalField(
                label=_("%(type)s: quorum, second convocation (%%)") % {"type": decision.label},
                min_value=0,
                max_value=100,
                initial=rule.get("quorum_second"),
            )
            self.fields[prefix + "secret"] = forms.BooleanField(
                label=_("%(type)s: secret ballot") % {"type": decision.label},
                required=False,
                initial=rule.get("secret"),
            )
            for key in ("majority", "quorum_first", "quorum_second", "secret"):
                self.fields[prefix + key].widget.attrs.setdefault(
                    "class",
                    "form-check-input"
                    if key == "secret"
                    else "form-select"
                    if key == "majority"
                    else "form-control",
                )

    def policy_data(self) -> dict:
        data = {f: self.cleaned_data[f] for f in POLICY_FIELDS if f in self.cleaned_data}
        data["refusal_reasons"] = [
            line.strip()
            for line in self.cleaned_data["refusal_reasons_text"].splitlines()
            if line.strip()
        ]
        data["decision_rules"] = {
            d.value: {
                "majority": self.cleaned_data[f"rule_{d.value}_majority"],
                "quorum_first": str(self.cleaned_data[f"rule_{d.value}_quorum_first"]),
                "quorum_second": str(self.cleaned_data[f"rule_{d.value}_quorum_second"]),
                "secret": self.cleaned_data[f"rule_{d.value}_secret"],
            }
            for d in DecisionType
        }
        return data


class SponsorForm(Form):
    sponsor = forms.IntegerField(label=_("Sponsor (membership number)"), min_value=1)


class SponsorAnswerForm(Form):
    accept = forms.TypedChoiceField(
        label=_("Your answer"),
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        choices=[("1", _("I confirm my sponsorship")), ("0", _("I decline"))],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RecusalForm(Form):
    interest = forms.CharField(label=_("Interest you declare in this applicant"), max_length=300)


class BoardVoteResponseForm(Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=BoardVoteResponse.Choice.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(label=_("Refusal reason"), required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "—")] + [(r, r) for r in reasons]


class BoardVoteForm(Form):
    title = forms.CharField(label=_("Question"), max_length=255)
    description = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea)
    majority = forms.ChoiceField(label=_("Majority"), choices=Majority.choices)
    deadline = forms.DateTimeField(
        label=_("Deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class AssemblyForm(ModelForm):
    class Meta:
        model = Assembly
        fields = [
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "location",
            "remote_url",
            "second_convocation",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }


class AgendaItemForm(Form):
    title = forms.CharField(label=_("Agenda item"), max_length=255)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentForm(Form):
    title = forms.CharField(label=_("Document title"), max_length=200)
    file = forms.FileField(label=_("File"))


class ResolutionForm(ModelForm):
    class Meta:
        model = Resolution
        fields = ["kind", "title", "text", "decision_type", "secret", "seats", "body"]
        widgets = {
            "decision_type": forms.Select(choices=DecisionType.choices),
            "text": forms.Textarea(attrs={"rows": 3}),
        }


class CandidateForm(Form):
    person = forms.IntegerField(label=_("Person (number)"), min_value=1)
    statement = forms.CharField(
        label=_("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpenVoteForm(Form):
    yes = forms.DecimalField(label=_("Yes (weighted votes)"), min_value=0)
    no = forms.DecimalField(label=_("No (weighted votes)"), min_value=0)
    abstain = forms.DecimalField(label=_("Abstentions (weighted votes)"), min_value=0)


class SecretRequestForm(Form):
    requesters = forms.IntegerField(
        label=_("Members present asking for a secret ballot"), min_value=1
    )


class MandateForm(ModelForm):
    person_id = forms.IntegerField(label=_("Person (number)"), min_value=1)

    class Meta:
        model = Mandate
        fields = ["role", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }


class MandateEndForm(Form):
    on = forms.DateField(label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=200)


class DeclarationForm(Form):
    employer = forms.CharField(label=_("Employer and position"), required=False, max_length=255)
    holdings = forms.CharField(
        label=_("Holdings in companies"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    business_ties = forms.CharField(
        label=_("Business ties with the association"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    public_funding_ties = forms.CharField(
        label=_("Ties with public funders"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    no_elected_office = forms.BooleanField(label=_("I hold no elected office"), required=False)
    office_title = forms.CharField(label=_("Elected office"), required=False, max_length=200)
    office_kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", "—"), *ElectedOffice.Kind.choices]
    )
    office_level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", "—"), *ElectedOffice.Level.choices]
    )
    office_start = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    office_end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("office_title") and not (
            data.get("office_kind") and data.get("office_level") and data.get("office_start")
        ):
            raise forms.ValidationError(_("Give the type, level and start date of the office."))
        return data

    def offices(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("office_title"):
            return []
        return [
            {
                "title": data["office_title"],
                "kind": data["office_kind"],
                "level": data["office_level"],
                "starts_on": data["office_start"],
                "ends_on": data.get("office_end"),
            }
        ]


class ReceiptForm(Form):
    receipt = forms.CharField(label=_("Receipt code"), max_length=16)


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)

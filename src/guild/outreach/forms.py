from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guild.core.forms import Form, ModelForm
from guild.outreach.models import Article, Campaign, Contact, MailingList
from guild.outreach.segments import filter_choices

SIGNUP_WORDING = _(
    "I agree to receive the selected news by e-mail from the association. I can unsubscribe "
    "at any time with the link in every e-mail."
)


class SignupForm(Form):
    email = forms.EmailField(
        label=_("E-mail"),
        error_messages={
            "invalid": _("Enter a valid e-mail address."),
            "required": _("Your e-mail address is required."),
        },
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    lists = forms.ModelMultipleChoiceField(
        label=_("News I want to receive"),
        queryset=MailingList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one list.")},
    )
    agree = forms.BooleanField(
        label=SIGNUP_WORDING,
        error_messages={"required": _("Your consent is needed to send you these news.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = MailingList.objects.filter(is_public=True)


class PreferencesForm(Form):
    lists = forms.ModelMultipleChoiceField(
        label=_("News I receive"),
        queryset=MailingList.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = MailingList.objects.filter(is_public=True)


class MailingListForm(ModelForm):
    class Meta:
        model = MailingList
        fields = ["name", "slug", "kind", "description", "is_public", "commission"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "slug": _("Short name used in addresses and exports; letters, digits and hyphens."),
            "is_public": _("Offered on the public sign-up form (with double opt-in)."),
        }


class ListSubscribeForm(Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    wording = forms.CharField(
        label=_("Consent given (wording shown or how it was obtained)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    source = forms.CharField(
        label=_("Where the consent was collected"),
        max_length=120,
        help_text=_("For example: paper form at the trade show, 12 March."),
    )


class ContactForm(ModelForm):
    tag_names = forms.CharField(label=_("Tags (comma-separated)"), required=False)

    class Meta:
        model = Contact
        fields = ["email", "first_name", "last_name", "organisation_name", "kind", "departement"]


class SegmentForm(Form):
    name = forms.CharField(label=_("Name"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in filter_choices():
            self.fields[f"f_{code}"] = forms.CharField(label=label, required=False)

    def filters(self) -> dict:
        data = getattr(self, "cleaned_data", {})
        return {k[2:]: v for k, v in data.items() if k.startswith("f_") and v}


class CampaignForm(ModelForm):
    class Meta:
        model = Campaign
        fields = ["subject", "preheader", "body", "mailing_list", "segment", "track_opens"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "body": _(
                "Markdown. Personalisation: {{ prenom }}, {{ nom }}, "
                "{{ organisation }}, {{ email }}."
            )
        }


class TestSendForm(Form):
    to = forms.EmailField(label=_("Send a test to"))
    as_contact = forms.ModelChoiceField(
        label=_("Personalised as"), required=False, queryset=Contact.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_contact"].queryset = Contact.objects.filter(anonymised_at=None)


class ScheduleForm(Form):
    when = forms.DateTimeField(
        label=_("Send at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class ArticleForm(ModelForm):
    class Meta:
        model = Article
        fields = ["title", "slug", "summary", "body", "published_at"]
        widgets = {"published_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}


class ImportForm(Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    dry_run = forms.BooleanField(label=_("Check only (dry run)"), required=False, initial=True)

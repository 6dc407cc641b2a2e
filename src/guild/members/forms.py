from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guild.core.forms import Form
from guild.members.constants import HeadcountBand
from guild.members.identifiers import clean_siren
from guild.members.models import MembershipCategory

CONSENT_WORDING = _(
    "I agree that the association processes these data to manage my membership, as described "
    "in its privacy policy."
)


class ApplicationForm(Form):
    category = forms.ModelChoiceField(
        label=_("Membership category"),
        queryset=MembershipCategory.objects.filter(open_for_applications=True),
    )
    legal_name = forms.CharField(
        label=_("Organisation's legal name"), max_length=255, required=False
    )
    siren = forms.CharField(label=_("SIREN"), max_length=11, required=False)
    headcount_band = forms.ChoiceField(
        label=_("Headcount band"), choices=HeadcountBand.choices, required=False
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    city = forms.CharField(label=_("Commune"), max_length=100, required=False)
    consent = forms.BooleanField(label=CONSENT_WORDING)
    website = forms.CharField(label=_("Leave this field empty"), required=False)  # honeypot

    def clean_siren(self):
        value = self.cleaned_data.get("siren", "")
        return clean_siren(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("Your application could not be accepted."))
        category = data.get("category")
        if category and category.holder == MembershipCategory.Holder.ORGANISATION:
            if not data.get("legal_name"):
                self.add_error("legal_name", _("The organisation's name is required."))
            if not data.get("siren"):
                self.add_error("siren", _("The SIREN number is required."))
        return data

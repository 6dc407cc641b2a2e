from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from guild.billing.models import PaymentMethod, SepaSequence
from guild.core.forms import Form


class PaymentForm(Form):
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=12, decimal_places=2)
    method = forms.ChoiceField(
        label=pgettext_lazy("payment", "Method"), choices=PaymentMethod.choices
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=140,
        required=False,
        help_text=_("Required for a bank transfer (its reference) and a cheque (its number)."),
    )
    paid_on = forms.DateField(
        label=_("Payment date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class OnlinePaymentForm(Form):
    """Empty: the button posts to start the checkout (CSRF protected)."""


class MandateForm(Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label="—"
    )
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=None, required=False, empty_label="—"
    )
    debtor_name = forms.CharField(label=_("Account holder"), max_length=70)
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    bic = forms.CharField(label=_("BIC"), max_length=11)
    reference = forms.CharField(
        label=_("Mandate reference (RUM)"),
        max_length=35,
        help_text=_("Unique; printed on the mandate signed by the debtor."),
    )
    signed_on = forms.DateField(
        label=_("Signature date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sequence_type = forms.ChoiceField(
        label=_("Next collection"),
        choices=SepaSequence.choices,
        help_text=_(
            "FRST for a new mandate; RCUR if it was already used by a previous creditor tool."
        ),
    )

    def __init__(self, *args, **kwargs):
        from guild.members.models import Organisation, Person

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("legal_name")
        self.fields["person"].queryset = Person.objects.order_by("last_name", "first_name")

    def clean(self):
        data = super().clean()
        if bool(data.get("organisation")) == bool(data.get("person")):
            raise forms.ValidationError(_("Choose either an organisation or a person."))
        return data


class BatchForm(Form):
    year = forms.IntegerField(
        label=_("Dues year"),
        min_value=2000,
        max_value=2100,
        help_text=_("Every unpaid dues invoice of this year whose holder has an active mandate."),
    )
    collection_date = forms.DateField(
        label=_("Collection date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    label = forms.CharField(label=_("Label"), max_length=140, required=False)


class ExportForm(Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date must be before the end date."))
        return data

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guild.billing.models import PaymentMethod
from guild.core.forms import Form


class PaymentForm(Form):
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=12, decimal_places=2)
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Reference"), max_length=140, required=False)
    paid_on = forms.DateField(
        label=_("Payment date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

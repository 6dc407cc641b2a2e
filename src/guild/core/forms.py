"""Form building blocks: Bootstrap classes and accessible error wiring for every form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guild.core.models import AssociationIdentity


class BootstrapMixin:
    """Adds Bootstrap classes and ``aria-invalid`` to widgets; keeps what the user typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = widget.attrs.get("class", "")
            if isinstance(widget, (forms.CheckboxInput,)):
                base = "form-check-input"
            elif isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                base = ""
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                base = "form-select"
            else:
                base = "form-control"
            widget.attrs["class"] = f"{css} {base}".strip()

    def full_clean(self):
        super().full_clean()
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class Form(BootstrapMixin, forms.Form):
    pass


class ModelForm(BootstrapMixin, forms.ModelForm):
    pass


class IdentityForm(ModelForm):
    siren = forms.CharField(
        label=_("SIREN"),
        max_length=20,
        required=False,
        help_text=_("Nine digits; spaces are accepted."),
    )

    class Meta:
        model = AssociationIdentity
        fields = [
            "name",
            "short_name",
            "tagline",
            "logo",
            "address_line",
            "postal_code",
            "city",
            "siren",
            "rna",
            "vat_number",
            "contact_email",
            "phone",
            "website",
            "brand_colour",
            "legal_mentions",
        ]
        widgets = {
            "brand_colour": forms.TextInput(attrs={"type": "color"}),
            "legal_mentions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "legal_mentions": _("Printed at the foot of invoices, certificates and e-mails."),
        }

    def clean_siren(self):
        from stdnum.fr import siren

        value = "".join(ch for ch in self.cleaned_data["siren"] if ch.isdigit())
        if value and not siren.is_valid(value):
            raise forms.ValidationError(_("This SIREN number is not valid (check key)."))
        return value

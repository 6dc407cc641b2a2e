from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guild.core.forms import Form
from guild.members.constants import HeadcountBand
from guild.members.identifiers import clean_siren, clean_vat, naf_lookup
from guild.members.models import MembershipCategory
from guild.members.services import dues_compute

CONSENT_WORDING = _(
    "I agree that the association processes these data to manage my membership, as described "
    "in its privacy policy."
)
DIRECTORY_WORDING = _(
    "I agree that my organisation appears in the public member list (name, logo, sector and "
    "town); I can change this at any time in my member space."
)
NEWSLETTER_WORDING = _(
    "I would like to receive the association's newsletter (a confirmation e-mail will be sent; "
    "one click unsubscribes)."
)
VISIBILITY_CHOICES = [
    # The same levels as the sourcing directory (guild.sourcing.models.Visibility).
    ("public", _("public")),
    ("members", _("members only")),
    ("hidden", _("hidden")),
]


def open_categories():
    return MembershipCategory.objects.filter(open_for_applications=True).order_by(
        "position", "name"
    )


class ApplicationForm(Form):
    category = forms.ModelChoiceField(
        label=_("Membership category"),
        queryset=MembershipCategory.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a membership category.")},
    )
    legal_name = forms.CharField(
        label=_("Organisation's legal name"), max_length=255, required=False
    )
    siren = forms.CharField(
        label=_("SIREN"),
        max_length=11,
        required=False,
        help_text=_("Nine digits, on your Kbis or at annuaire-entreprises.data.gouv.fr."),
    )
    naf_code = forms.CharField(
        label=_("NAF/APE code"),
        max_length=7,
        required=False,
        help_text=_("For example 62.01Z (optional)."),
    )
    headcount_band = forms.ChoiceField(
        label=_("Headcount band"), choices=HeadcountBand.choices, required=False
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("Commune"), max_length=100, required=False)
    dues_amount = forms.DecimalField(
        label=_("Amount of your dues (€)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("For categories where you choose the amount, above the minimum."),
    )
    consent = forms.BooleanField(
        label=CONSENT_WORDING,
        error_messages={"required": _("This consent is required to process your application.")},
    )
    directory = forms.BooleanField(label=DIRECTORY_WORDING, required=False)
    newsletter = forms.BooleanField(label=NEWSLETTER_WORDING, required=False)
    website = forms.CharField(label=_("Leave this field empty"), required=False)  # honeypot

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = open_categories()
        self.fields["siren"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["postal_code"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_siren(self):
        value = self.cleaned_data.get("siren", "")
        return clean_siren(value) if value.strip() else ""

    def clean_naf_code(self):
        value = self.cleaned_data.get("naf_code", "").strip()
        return naf_lookup(value) if value else None

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("Your application could not be accepted."))
        category = data.get("category")
        if category and category.holder == MembershipCategory.Holder.ORGANISATION:
            if not data.get("legal_name"):
                self.add_error("legal_name", _("The organisation's name is required."))
            if not data.get("siren") and "siren" not in self.errors:
                self.add_error("siren", _("The SIREN number is required."))
        if category is not None:
            try:
                data["dues"] = dues_compute(
                    category,
                    headcount_band=data.get("headcount_band") or "NN",
                    amount=data.get("dues_amount"),
                )
            except ValidationError as error:
                self.add_error("dues_amount", error)
        return data


class SeatInviteForm(Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class PersonProfileForm(Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("Commune"), max_length=100, required=False)


class OrganisationProfileForm(Form):
    trade_name = forms.CharField(label=_("Trade name"), max_length=255, required=False)
    description = forms.CharField(
        label=_("Presentation"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few lines on what your organisation does (1,000 characters at most)."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Organisation's e-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address_line = forms.CharField(label=_("Address"), max_length=255, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("Commune"), max_length=100, required=False)
    naf_code = forms.CharField(label=_("NAF/APE code"), max_length=7, required=False)
    headcount_band = forms.ChoiceField(label=_("Headcount band"), choices=HeadcountBand.choices)
    vat_number = forms.CharField(label=_("Intra-EU VAT number"), max_length=20, required=False)
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, 1 MB at most."),
    )
    directory_listed = forms.BooleanField(
        label=_("List my organisation in the public member list"), required=False
    )
    vis_website = forms.ChoiceField(label=_("Website"), choices=VISIBILITY_CHOICES)
    vis_description = forms.ChoiceField(label=_("Presentation"), choices=VISIBILITY_CHOICES)
    vis_email = forms.ChoiceField(label=_("Organisation's e-mail"), choices=VISIBILITY_CHOICES)
    vis_phone = forms.ChoiceField(label=_("Phone"), choices=VISIBILITY_CHOICES)
    vis_contact = forms.ChoiceField(
        label=_("Contact person (name and job title)"),
        choices=VISIBILITY_CHOICES[1:],
        help_text=_("A person's name is never shown to the public."),
    )

    MAX_LOGO = 1024 * 1024

    def clean_naf_code(self):
        value = self.cleaned_data.get("naf_code", "").strip()
        return naf_lookup(value) if value else None

    def clean_vat_number(self):
        return clean_vat(self.cleaned_data.get("vat_number", ""))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > self.MAX_LOGO:
            raise ValidationError(_("The logo must weigh 1 MB at most."))
        if logo and getattr(getattr(logo, "image", None), "format", "") not in {"PNG", "JPEG"}:
            raise ValidationError(_("The logo must be a PNG or JPEG image."))
        return logo

    def visibility_fields(self):
        return [self[name] for name in self.fields if name.startswith("vis_")]

    def record_fields(self):
        return [
            self[name]
            for name in self.fields
            if not name.startswith("vis_") and name != "directory_listed"
        ]


class ListFilterForm(forms.Form):
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)

    def __init__(self, *args, facets=None, **kwargs):
        super().__init__(*args, **kwargs)
        facets = facets or {"sectors": [], "departements": []}
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (code, f"{code} – {label}") for code, label in facets["sectors"]
        ]
        self.fields["departement"].choices = [("", _("All départements"))] + [
            (code, code) for code in facets["departements"]
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

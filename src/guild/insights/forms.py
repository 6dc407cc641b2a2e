from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guild.core.forms import Form, ModelForm
from guild.insights.models import InsightsSettings
from guild.insights.services import VALID_DEPARTEMENTS


class SettingsForm(ModelForm):
    class Meta:
        model = InsightsSettings
        fields = [
            "region_name",
            "departements",
            "publish_by_departement",
            "publish_by_naf",
            "publish_by_headcount",
            "publish_jobs",
            "publish_growth",
            "publish_independence",
        ]

    def clean_departements(self):
        codes = [
            c.strip().upper() for c in self.cleaned_data["departements"].split(",") if c.strip()
        ]
        if not codes:
            raise ValidationError(_("Give at least one département."))
        unknown = [code for code in codes if code not in VALID_DEPARTEMENTS]
        if unknown:
            raise ValidationError(
                _("Unknown département code(s): %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return ",".join(dict.fromkeys(codes))


class ImportForm(Form):
    file = forms.FileField(
        label=_("Sirene establishments file"),
        help_text=_("INSEE's StockEtablissement CSV (UTF-8), plain, .gz or .zip."),
    )
    stock_date = forms.DateField(
        label=_("Date of the register extract"),
        initial=date.today,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".zip", ".gz")):
            raise ValidationError(_("Upload a .csv, .csv.gz or .zip file."))
        return upload

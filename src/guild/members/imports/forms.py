"""Forms of the import screens (upload, column mapping)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guild.members.imports.formats import FIELDS, FORMATS
from guild.members.models import MembershipCategory

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File to import"),
        help_text=_("CSV (comma or semicolon) or Excel .xlsx, as exported by the tool."),
    )
    default_category = forms.ModelChoiceField(
        label=_("Default membership category"),
        queryset=MembershipCategory.objects.all(),
        widget=forms.Select(attrs={"class": "form-select"}),
        required=False,
        help_text=_("Used for the rows whose category column is empty or unknown."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large (50 MB at most)."))
        return upload


class MappingForm(forms.Form):
    """One select per target field; the choices are the file's columns."""

    source_format = forms.ChoiceField(
        label=_("Format"), choices=[(k, f.label) for k, f in FORMATS.items()]
    )
    default_category = forms.ModelChoiceField(
        label=_("Default membership category"),
        queryset=MembershipCategory.objects.all(),
        widget=forms.Select(attrs={"class": "form-select"}),
        required=False,
    )

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not imported —"))] + [
            (str(i), header or _("(column %(n)s)") % {"n": i + 1})
            for i, header in enumerate(headers)
        ]
        for key, label in FIELDS.items():
            self.fields[f"map_{key}"] = forms.ChoiceField(
                label=label, choices=choices, required=False
            )

    def mapping(self) -> dict[str, int]:
        return {
            key: int(self.cleaned_data[f"map_{key}"])
            for key in FIELDS
            if self.cleaned_data.get(f"map_{key}") not in (None, "")
        }

    def mapping_fields(self):
        return [self[f"map_{key}"] for key in FIELDS]

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from guild.core.departements import label as departement_label
from guild.core.forms import Form
from guild.members.constants import HeadcountBand
from guild.sourcing.models import (
    VISIBLE_FIELDS,
    Availability,
    Need,
    ProfileSkill,
    Skill,
    Visibility,
)


class SearchForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    skill = forms.ModelChoiceField(
        label=_("Skill"), queryset=Skill.objects.all(), required=False, empty_label=_("All skills")
    )
    sector = forms.ChoiceField(label=_("NAF sector"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("All sizes")), *HeadcountBand.choices]
    )
    availability = forms.ChoiceField(
        label=_("Availability"), required=False, choices=[("", _("Any")), *Availability.choices]
    )
    present = forms.BooleanField(label=_("Present in the space today"), required=False)

    def __init__(self, *args, facets=None, **kwargs):
        super().__init__(*args, **kwargs)
        facets = facets or {"departements": [], "sectors": []}
        self.fields["departement"].choices = [("", _("All départements"))] + [
            (d, departement_label(d)) for d in facets["departements"]
        ]
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (s, _("NAF division %(code)s") % {"code": s}) for s in facets["sectors"]
        ]

    def show_counts(self, counts: dict) -> None:
        """Append to each facet value how many of the current results it holds."""
        for name in ("availability", "size", "departement"):
            field = self.fields[name]
            per_value = counts.get(name, {})
            field.choices = [
                (value, f"{label} – {per_value[value]}" if value in per_value else label)
                for value, label in field.choices
            ]


class ProfileForm(Form):
    name = forms.CharField(label=_("Name shown"), max_length=255)
    offer = forms.CharField(
        label=_("Offer"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    references = forms.CharField(
        label=_("References and case studies"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    certifications = forms.CharField(
        label=_("Certifications"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    languages = forms.CharField(label=_("Languages"), required=False, max_length=200)
    departements_served = forms.CharField(
        label=_("Départements served"),
        required=False,
        max_length=200,
        help_text=_("For example: 87, 19, 23"),
    )
    availability = forms.ChoiceField(label=_("Availability"), choices=Availability.choices)
    day_rate_min = forms.IntegerField(label=_("Day rate from (€)"), min_value=0, required=False)
    day_rate_max = forms.IntegerField(label=_("Day rate up to (€)"), min_value=0, required=False)
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    level = forms.ChoiceField(
        label=_("Level for these skills"), choices=ProfileSkill.Level.choices, initial=2
    )
    published = forms.BooleanField(label=_("List me in the directory"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {
            "offer": _("Offer"),
            "skills": _("Skills"),
            "references": _("References and case studies"),
            "certifications": _("Certifications"),
            "languages": _("Languages"),
            "departements_served": _("Départements served"),
            "availability": _("Availability"),
            "day_rate": _("Day rate"),
        }
        for field in VISIBLE_FIELDS:
            self.fields[f"vis_{field}"] = forms.ChoiceField(
                label=_("Who sees: %(field)s") % {"field": labels[field]},
                choices=Visibility.choices,
                initial=Visibility.PUBLIC,
            )


class NeedForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Need.Kind.choices)
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills wanted"),
        queryset=Skill.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    budget_min = forms.IntegerField(label=_("Budget from (€)"), min_value=0, required=False)
    budget_max = forms.IntegerField(label=_("Budget up to (€)"), min_value=0, required=False)
    deadline = forms.DateField(
        label=_("Answer before"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.CharField(label=_("Place"), max_length=150, required=False)
    departement = forms.CharField(label=_("Département"), max_length=3, required=False)
    remote = forms.BooleanField(label=_("Remote possible"), required=False)
    company_name = forms.CharField(label=_("Company"), max_length=200, required=False)
    company_email = forms.EmailField(label=_("Company e-mail"), required=False)

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if staff:
            self.fields["on_behalf"] = forms.BooleanField(
                label=_("Posted on behalf of a local company that is not a member"), required=False
            )

    def clean_skills(self):
        skills = self.cleaned_data["skills"]
        if not skills:
            raise forms.ValidationError(
                _("Choose at least one skill so that the right members see it.")
            )
        return skills

    def clean(self):
        data = super().clean()
        if data.get("on_behalf") and not (data.get("company_name") and data.get("company_email")):
            raise forms.ValidationError(
                _("Give the company's name and e-mail when posting on its behalf.")
            )
        return data


class ResponseForm(Form):
    message = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}))


class IntroductionForm(Form):
    message = forms.CharField(
        label=_("Why would you like to get in touch?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class SkillForm(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    parent = forms.ModelChoiceField(
        label=_("Parent skill"), required=False, queryset=Skill.objects.filter(parent=None)
    )
    synonyms = forms.CharField(label=_("Synonyms"), required=False, max_length=500)

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from guild.accounts.models import Role, User
from guild.core.forms import Form, ModelForm


class ProfileForm(ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]
        help_texts = {
            "language": _("The language of the interface and of the e-mails you receive."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["language"].choices = settings.LANGUAGES


class EraseForm(Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted for good."),
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."))
        return password


class RoleSearchForm(Form):
    q = forms.CharField(label=_("Search by name or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All people")), ("any", _("Holding a role")), *Role.choices],
    )


class RoleChangeForm(Form):
    user = forms.ModelChoiceField(queryset=User.objects.filter(is_active=True))
    role = forms.ChoiceField(choices=Role.choices)


# Labels allauth derives from field names, untranslated upstream. Guild's allauth field
# template translates labels at render time, so they need an entry in this catalogue.
ALLAUTH_FIELD_LABELS = (gettext_noop("Recipient"), gettext_noop("Name"))

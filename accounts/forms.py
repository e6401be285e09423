from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from allauth.account.forms import LoginForm

from .models import LearnerProfile
from .request_values import PercentField


class LearnerLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("User name")
        self.fields["password"].label = _("Password")
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Stay signed in on this device")


class ProfileForm(forms.ModelForm):
    desired_retention = PercentField(
        label=_("how much to remember (%)"),
        min_value=80,
        max_value=95,
        help_text=_("Between 80 and 95. Higher means you remember more but review more often."),
    )

    class Meta:
        model = LearnerProfile
        fields = [
            "display_name",
            "ui_language",
            "gloss_preference",
            "time_zone",
            "daily_review_goal",
            "reminder_hour",
            "desired_retention",
        ]


class RecoverPasswordForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password1") != cleaned.get("new_password2"):
            raise forms.ValidationError(_("The two passwords are not the same."))
        password_validation.validate_password(cleaned.get("new_password1") or "")
        return cleaned

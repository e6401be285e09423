from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from allauth.account.forms import LoginForm, SignupForm

from .accounts import check_join_code, join_code_required
from .exceptions import InvalidJoinCode
from .models import LearnerProfile


class LearnerSignupForm(SignupForm):
    join_code = forms.CharField(
        label=_("Join code"),
        max_length=64,
        help_text=_("The code your teacher gave you."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        help_text=_("Any name you like; others may see it. Do not use your real name."),
    )
    field_order = ["join_code", "username", "display_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["join_code"].required = join_code_required()
        self.fields["username"].label = _("User name")
        self.fields["username"].help_text = _("You sign in with this name. It need not be real.")
        self.fields["email"].label = _("Email")
        self.fields["email"].help_text = _(
            "Only to get back in if you forget your password. "
            "Without it you get recovery codes instead."
        )
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password again")

    def clean_join_code(self):
        code = self.cleaned_data.get("join_code", "")
        try:
            self.join_grant = check_join_code(code)
        except InvalidJoinCode:
            raise forms.ValidationError(
                _("This join code is not right. Ask your teacher for the code."),
                code="invalid_join_code",
            ) from None
        return code


class LearnerLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("User name")
        self.fields["password"].label = _("Password")
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Stay signed in on this device")


class ProfileForm(forms.ModelForm):
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
        widgets = {"desired_retention": forms.NumberInput(attrs={"step": "0.01"})}


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


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password

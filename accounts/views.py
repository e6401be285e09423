"""The learner's own account pages: settings, recovery codes, recovering a password."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from allauth.account.decorators import reauthentication_required

from . import preferences, recovery
from .exceptions import RecoveryFailed
from .forms import ProfileForm, RecoverPasswordForm
from .models import LearnerProfile
from .ratelimit import client_ip, recovery_attempts


@login_required
@require_http_methods(["GET", "POST"])
def profile_settings(request):
    profile = LearnerProfile.objects.for_user(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = form.save()
        preferences.remember(request.session, profile)
        # Said in the language just chosen, not the one the form was shown in.
        with translation.override(profile.ui_language):
            messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})


@never_cache
@login_required
# New codes drop the old ones and can reset the password: a session alone
# (a phone left signed in) must not make them.
@reauthentication_required(allow_get=True)
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    if request.method == "POST":
        codes = recovery.issue_recovery_codes(user=request.user)
    else:
        codes = request.session.pop(recovery.SESSION_CODES_KEY, [])
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@never_cache
@require_http_methods(["GET", "POST"])
def recover_password(request):
    form = RecoverPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempts = recovery_attempts(username=form.cleaned_data["username"], ip=client_ip(request))
        try:
            attempts.check()
            recovery.recover_password(
                username=form.cleaned_data["username"],
                code=form.cleaned_data["code"],
                new_password=form.cleaned_data["new_password1"],
            )
        except RecoveryFailed:
            attempts.fail()
            form.add_error(None, _("The user name or the recovery code is not right."))
        else:
            messages.success(request, _("Your new password is set. Sign in with it."))
            return redirect("account_login")
    return render(request, "accounts/recover_password.html", {"form": form})

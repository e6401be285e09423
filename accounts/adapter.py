"""Signing up: the site's own join rule and the account adapter.

A learner joins with a code. This app knows the site-wide invite code
(`SIGNUP_INVITE_CODE`) and open registration (`OPEN_REGISTRATION`); a
classroom's join code is the courses app's, checked by its sign-up form
(`courses.forms.LearnerSignupForm`), which allauth is configured to use.
Every new account gets its profile, and recovery codes when it has no email.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from allauth.account.adapter import DefaultAccountAdapter

from .models import LearnerProfile
from .recovery import SESSION_CODES_KEY, issue_recovery_codes


def join_code_required() -> bool:
    return not settings.OPEN_REGISTRATION


def is_site_invite_code(code: str) -> bool:
    invite = settings.SIGNUP_INVITE_CODE
    code = code.strip()
    # compare_digest refuses str with non-ASCII characters; bytes compare any text.
    given, expected = code.casefold().encode(), invite.casefold().encode()
    return bool(invite and code) and secrets.compare_digest(given, expected)


def browser_language(request) -> str:
    """The site language the browser asks for: Korean when it prefers ko, else English.

    A visitor's own choice in the footer (the language cookie) counts as asking.
    """
    language = translation.get_language_from_request(request)[:2]
    if language in LearnerProfile.Language.values:
        return language
    return LearnerProfile.Language.ENGLISH


@transaction.atomic
def set_up_learner(*, user, display_name: str, language: str) -> list[str]:
    """A new learner's profile, and recovery codes when there is no email."""
    profile = LearnerProfile.objects.for_user(user)
    profile.display_name = display_name or profile.display_name
    profile.ui_language = language
    profile.full_clean()
    profile.save()
    return [] if user.email else issue_recovery_codes(user=user)


class LearnerAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "incorrect_password": _("The password is not right."),
    }

    def is_open_for_signup(self, request):
        # The sign-up form itself asks for the join code.
        return True

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        codes = set_up_learner(
            user=user,
            display_name=form.cleaned_data.get("display_name", ""),
            language=browser_language(request),
        )
        if codes:
            request.session[SESSION_CODES_KEY] = codes
        return user

    def get_signup_redirect_url(self, request):
        if request.session.get(SESSION_CODES_KEY):
            return reverse("accounts:recovery_codes")
        return super().get_signup_redirect_url(request)

"""Joining and getting back in: sign-up codes, the account adapter, recovery codes.

A learner joins with a code. Today the only code is the site's invite code
(`SIGNUP_INVITE_CODE`); classroom join codes plug into `check_join_code`.
With `OPEN_REGISTRATION` no code is needed.

A learner who gives no email gets `RECOVERY_CODE_COUNT` one-time recovery
codes at sign-up, shown once. Only their hashes are kept; the first
`PREFIX_LENGTH` characters find the row, so a check costs one hash. A used
code is burnt. Nobody but the learner can set the learner's password.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from allauth.account.adapter import DefaultAccountAdapter

from .exceptions import InvalidJoinCode, RecoveryFailed
from .models import LearnerProfile, RecoveryCode

RECOVERY_CODE_COUNT = 8
PREFIX_LENGTH = 4
# Crockford's base32 without look-alikes: easy to copy by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
SESSION_CODES_KEY = "progress:new_recovery_codes"


@dataclass(frozen=True)
class JoinGrant:
    """What a valid join code grants. A classroom code will set `classroom_id`."""

    source: str
    classroom_id: int | None = None


def join_code_required() -> bool:
    return not settings.OPEN_REGISTRATION


def join_code_handler():
    """The callable named by SAEBOM_JOIN_CODE_HANDLER: (code, learner=None) -> classroom id."""
    path = getattr(settings, "SAEBOM_JOIN_CODE_HANDLER", "")
    return import_string(path) if path else None


def check_join_code(code: str) -> JoinGrant:
    code = code.strip()
    invite = settings.SIGNUP_INVITE_CODE
    if invite and code and secrets.compare_digest(code.casefold(), invite.casefold()):
        return JoinGrant(source="site")
    handler = join_code_handler()
    classroom_id = handler(code) if code and handler else None
    if classroom_id is not None:
        return JoinGrant(source="classroom", classroom_id=classroom_id)
    if not code and not join_code_required():
        return JoinGrant(source="open")
    raise InvalidJoinCode(code)


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def canonical_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


@transaction.atomic
def issue_recovery_codes(*, user, count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Replace the user's recovery codes with `count` new ones; return them in clear."""
    codes = [new_recovery_code() for _ in range(count)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(
            user=user,
            prefix=canonical_code(code)[:PREFIX_LENGTH],
            code_hash=make_password(canonical_code(code)),
        )
        for code in codes
    )
    return codes


@transaction.atomic
def recover_password(*, username: str, code: str, new_password: str, now: datetime | None = None):
    """Set a new password with one unused recovery code and burn the code."""
    User = get_user_model()
    code = canonical_code(code)
    candidate = (
        RecoveryCode.objects.select_for_update()
        .filter(
            user__username__iexact=username.strip(),
            prefix=code[:PREFIX_LENGTH],
            used_at__isnull=True,
        )
        .select_related("user")
        .first()
    )
    if candidate is None or not check_password(code, candidate.code_hash):
        raise RecoveryFailed(username)
    user: User = candidate.user
    validate_password(new_password, user)
    candidate.used_at = now or timezone.now()
    candidate.save(update_fields=["used_at"])
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def set_up_learner(*, user, display_name: str) -> list[str]:
    """A new learner's profile, and recovery codes when there is no email."""
    profile = LearnerProfile.objects.for_user(user)
    profile.display_name = display_name or profile.display_name
    profile.full_clean()
    profile.save()
    return [] if user.email else issue_recovery_codes(user=user)


class LearnerAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # The sign-up form itself asks for the join code.
        return True

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        codes = set_up_learner(user=user, display_name=form.cleaned_data.get("display_name", ""))
        grant = getattr(form, "join_grant", None)
        if grant is not None and grant.classroom_id is not None:
            join_code_handler()(form.cleaned_data["join_code"], learner=user)
        if codes:
            request.session[SESSION_CODES_KEY] = codes
        return user

    def get_signup_redirect_url(self, request):
        if request.session.get(SESSION_CODES_KEY):
            return reverse("progress:recovery_codes")
        return super().get_signup_redirect_url(request)

"""Recovery codes: getting back in without email.

A learner who gives no email gets RECOVERY_CODE_COUNT one-time codes at
sign-up, shown once. Only their hashes are kept; the first PREFIX_LENGTH
characters find the row, so a check costs one hash. A used code is burnt.
Nobody but the learner can set the learner's password.
"""

import secrets
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from .exceptions import RecoveryFailed
from .models import RecoveryCode

RECOVERY_CODE_COUNT = 8
PREFIX_LENGTH = 4
# Crockford's base32 without look-alikes: easy to copy by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
SESSION_CODES_KEY = "progress:new_recovery_codes"


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

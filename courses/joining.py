"""The classroom side of sign-up join codes.

`progress` asks, through the callable named by `SAEBOM_JOIN_CODE_HANDLER`,
whether a code belongs to a classroom (`learner=None`: a check that changes
nothing) and, once the account exists, to redeem it for the new learner. So
progress never imports courses, and this is the one function it calls.
"""

from datetime import datetime

from django.utils import timezone

from .assigning import join_classroom, open_classroom_for_code
from .exceptions import InvalidClassroomCode


def redeem(code: str, *, learner=None, now: datetime | None = None) -> int | None:
    """The classroom id the code opens, or None; with a learner, join it."""
    now = now or timezone.now()
    try:
        if learner is None:
            return open_classroom_for_code(code, now=now).pk
        return join_classroom(learner=learner, code=code, now=now).classroom_id
    except InvalidClassroomCode:
        return None

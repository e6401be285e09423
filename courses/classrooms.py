"""Writes of classrooms: create, rename, co-tutors, join codes.

Every function is keyword-only and transactional. A join code is drawn from
JOIN_CODE_ALPHABET; a new code replaces the old one at once.
"""

import secrets
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, Classroom, TutorBlock, is_tutor

CODE_ATTEMPTS = 5


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def canonical_join_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _save_with_new_code(classroom: Classroom) -> Classroom:
    """Save under a fresh unique code; a clash (1 in 30^8 per row) draws again."""
    for _attempt in range(CODE_ATTEMPTS):
        classroom.join_code = new_join_code()
        try:
            with transaction.atomic():
                classroom.full_clean(exclude=["join_code"])
                classroom.save()
                return classroom
        except IntegrityError:
            continue
    raise IntegrityError("could not draw a unique join code")


@transaction.atomic
def create_classroom(
    *, tutor, name: str, co_tutors=(), next_session_on: date | None = None
) -> Classroom:
    classroom = _save_with_new_code(
        Classroom(tutor=tutor, name=name, next_session_on=next_session_on)
    )
    classroom.co_tutors.set(co_tutors)
    return classroom


@transaction.atomic
def update_classroom(*, classroom: Classroom, **fields) -> Classroom:
    for name, value in fields.items():
        setattr(classroom, name, value)
    classroom.full_clean()
    classroom.save()
    return classroom


@transaction.atomic
def add_co_tutor(*, classroom: Classroom, username: str) -> None:
    """Add a tutor, by user name, who then sees the classroom as its own tutor does;
    never one whom a learner of the classroom blocked (courses.matching)."""
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    if user is None or not is_tutor(user):
        raise ValidationError({"username": _("There is no tutor with this user name.")})
    learners = classroom.memberships.current().values("learner")
    if TutorBlock.objects.filter(tutor=user, learner__in=learners).exists():
        raise ValidationError({"username": _("This tutor cannot be added to this classroom.")})
    if user.pk != classroom.tutor_id:
        classroom.co_tutors.add(user)


@transaction.atomic
def remove_co_tutor(*, classroom: Classroom, user_id: int) -> None:
    classroom.co_tutors.remove(user_id)


@transaction.atomic
def rotate_join_code(
    *, classroom: Classroom, expires_at: datetime | None = None, max_uses: int | None = None
) -> Classroom:
    """A new code replaces the old one at once; its use count starts again."""
    classroom.join_code_expires_at = expires_at
    classroom.join_code_max_uses = max_uses
    classroom.join_code_uses = 0
    return _save_with_new_code(classroom)

"""Writes of classrooms: create, join codes, memberships, assignments, comments, tutor invites.

Every function is keyword-only and transactional. A join code is redeemed under
a row lock on its classroom, so that a code with N uses left admits N learners
however many try at once. Leaving ends a membership (its `left_at` is set); it
is never deleted, so what a tutor saw stays explainable. A tutor invite is a
signed token naming one TutorInvite row, good once.
"""

import secrets
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from progress.models import LessonProgress

from .exceptions import InvalidClassroomCode, InvalidTutorInvite
from .models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    TUTORS_GROUP,
    Assignment,
    Classroom,
    Membership,
    TutorComment,
    TutorInvite,
    is_tutor,
)

INVITE_SALT = "courses.tutor-invite"
INVITE_MAX_AGE = timedelta(days=14)
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
    """Add a tutor, by user name, who then sees the classroom as its own tutor does."""
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    if user is None or not is_tutor(user):
        raise ValidationError({"username": _("There is no tutor with this user name.")})
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


def open_classroom_for_code(code: str, *, now: datetime, lock: bool = False) -> Classroom:
    rows = Classroom.objects.select_for_update() if lock else Classroom.objects
    classroom = rows.filter(join_code=canonical_join_code(code)).first()
    if classroom is None or not classroom.code_is_open(now):
        raise InvalidClassroomCode(code)
    return classroom


@transaction.atomic
def join_classroom(*, learner, code: str, now: datetime | None = None) -> Membership:
    """Join with a code; joining a classroom one is already in changes nothing."""
    now = now or timezone.now()
    classroom = open_classroom_for_code(code, now=now, lock=True)
    current = Membership.objects.current().filter(classroom=classroom, learner=learner).first()
    if current is not None:
        return current
    membership = Membership.objects.create(classroom=classroom, learner=learner, joined_at=now)
    classroom.join_code_uses += 1
    classroom.save(update_fields=["join_code_uses"])
    return membership


@transaction.atomic
def leave_classroom(*, membership: Membership, now: datetime | None = None) -> Membership:
    if membership.left_at is None:
        membership.left_at = now or timezone.now()
        membership.save(update_fields=["left_at"])
    return membership


@transaction.atomic
def create_assignment(*, classroom: Classroom, created_by, **fields) -> Assignment:
    """Fields: lesson or course, kind, learner (optional), starts_on, due_on, note,
    target_retention."""
    assignment = Assignment(classroom=classroom, created_by=created_by, **fields)
    _check_learner(assignment)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def update_assignment(*, assignment: Assignment, **fields) -> Assignment:
    for name, value in fields.items():
        setattr(assignment, name, value)
    _check_learner(assignment)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def cancel_assignment(*, assignment: Assignment, now: datetime | None = None) -> Assignment:
    if assignment.cancelled_at is None:
        assignment.cancelled_at = now or timezone.now()
        assignment.save(update_fields=["cancelled_at"])
    return assignment


def _check_learner(assignment: Assignment) -> None:
    if assignment.learner_id is None:
        return
    members = Membership.objects.current().filter(classroom_id=assignment.classroom_id)
    if not members.filter(learner_id=assignment.learner_id).exists():
        raise ValidationError({"learner": _("This learner is not in the classroom.")})


@transaction.atomic
def comment_on_progress(
    *, classroom: Classroom, tutor, progress: LessonProgress, body: str, now: datetime | None = None
) -> TutorComment:
    comment = TutorComment(
        classroom=classroom,
        tutor=tutor,
        progress=progress,
        body=body.strip(),
        created_at=now or timezone.now(),
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def create_tutor_invite(*, created_by, now: datetime | None = None) -> str:
    """A new single-use invite; returns its signed token."""
    invite = TutorInvite.objects.create(created_by=created_by, created_at=now or timezone.now())
    return signing.dumps(invite.pk, salt=INVITE_SALT)


def invite_from_token(token: str, *, lock: bool = False) -> TutorInvite:
    try:
        pk = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
    except signing.BadSignature:
        raise InvalidTutorInvite(token) from None
    rows = TutorInvite.objects.select_for_update() if lock else TutorInvite.objects
    invite = rows.filter(pk=pk, used_at__isnull=True).first()
    if invite is None:
        raise InvalidTutorInvite(token)
    return invite


@transaction.atomic
def accept_tutor_invite(*, token: str, username: str, password: str, now: datetime | None = None):
    """Make a tutor account with the invite and burn it."""
    invite = invite_from_token(token, lock=True)
    user = get_user_model().objects.create_user(username=username, password=password)
    user.groups.add(Group.objects.get_or_create(name=TUTORS_GROUP)[0])
    invite.used_at = now or timezone.now()
    invite.used_by = user
    invite.save(update_fields=["used_at", "used_by"])
    return user

"""Joining and leaving classrooms, at sign-up or later.

A join code is redeemed under a row lock on its classroom, so that a code with
N uses left admits N learners however many try at once. Leaving ends a
membership (its `left_at` is set); it is never deleted, so what a tutor saw
stays explainable. The sign-up form (`forms.LearnerSignupForm`) checks a code
with `classroom_for_code` and redeems it with `join_classroom` once the
account exists. A learner never joins a classroom taught or co-taught by a tutor
they blocked; the code is refused as if it were wrong, so the block stays unseen.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .classrooms import canonical_join_code
from .exceptions import InvalidClassroomCode
from .models import Classroom, Membership, TutorBlock


def classroom_for_code(code: str, *, now: datetime, lock: bool = False) -> Classroom:
    rows = Classroom.objects.select_for_update() if lock else Classroom.objects
    classroom = rows.filter(join_code=canonical_join_code(code)).first()
    if classroom is None or not classroom.code_is_open(now):
        raise InvalidClassroomCode(code)
    return classroom


def blocks_classroom(learner, classroom: Classroom) -> bool:
    """Whether the learner blocked the classroom's tutor or one of its co-tutors."""
    teachers = Classroom.co_tutors.through.objects.filter(classroom=classroom).values("user_id")
    return (
        TutorBlock.objects.filter(learner=learner)
        .filter(Q(tutor_id=classroom.tutor_id) | Q(tutor_id__in=teachers))
        .exists()
    )


@transaction.atomic
def join_classroom(*, learner, code: str, now: datetime | None = None) -> Membership:
    """Join with a code; joining a classroom one is already in changes nothing."""
    now = now or timezone.now()
    classroom = classroom_for_code(code, now=now, lock=True)
    if blocks_classroom(learner, classroom):
        raise InvalidClassroomCode(code)
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

"""Writing sent to a tutor: the learner's accepted answer to a writing exercise
becomes a WritingSubmission, and tutors' comments on it.

A submission is made in the same transaction as its attempt and only for an
attempt newly kept, so an answer sent twice (a double tap, the offline outbox
sent again) is one submission. Who may comment (the tutors of the classrooms the
learner is in now) is the courses app's rule; `comment_on_writing` keeps a
comment once per key, so a form posted twice leaves one comment.
"""

from datetime import datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ExerciseAttempt, WritingComment, WritingSubmission


@transaction.atomic
def keep_submission(*, attempt: ExerciseAttempt) -> WritingSubmission:
    submission = WritingSubmission(
        learner_id=attempt.learner_id,
        attempt=attempt,
        lesson_id=attempt.lesson_id,
        block_id=attempt.block_id,
        text=attempt.answer["text"],
        submitted_at=attempt.created_at,
    )
    submission.full_clean(exclude=["learner", "attempt", "lesson"])
    submission.save()
    return submission


def comment_on_writing(
    *, submission: WritingSubmission, tutor, body: str, key: UUID, now: datetime | None = None
) -> tuple[WritingComment, bool]:
    """Keep the tutor's comment; returns it and whether it is new (False: this key's
    comment was kept before, and nothing changes)."""
    comment = WritingComment(
        submission=submission,
        tutor=tutor,
        body=body.strip(),
        key=key,
        created_at=now or timezone.now(),
    )
    comment.full_clean(exclude=["submission", "tutor"], validate_unique=False)
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:
        kept = WritingComment.objects.filter(key=key, submission=submission).first()
        if kept is None:
            raise
        return kept, False
    return comment, True

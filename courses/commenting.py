"""A tutor's comment on a learner's lesson, seen by the learner on their home page."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from progress.models import LessonProgress

from .models import Classroom, TutorComment


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

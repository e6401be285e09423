"""The reads behind the tutor's grid, each in one query whatever the number of
learners: current memberships, a course's live lessons, and each learner's
progress, attempts, cards and reviews inside their membership window (from
`joined_at` on, nothing for learners who left)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, F, Max, Q

from lessons.models import LessonPage, LessonVocabulary
from progress.models import ExerciseAttempt, LessonProgress, ReviewCard, ReviewLog

from .models import Assignment, Classroom, Membership

REVIEW_WINDOW = timedelta(days=7)


def current_memberships(classroom: Classroom) -> list[Membership]:
    return list(
        Membership.objects.current()
        .filter(classroom=classroom)
        .select_related("learner__learner_profile")
        .order_by("joined_at", "pk")
    )


def course_lessons(assignments: list[Assignment]) -> dict[int, list[int]]:
    """{course id: live lesson ids in order} for the course assignments, in one query."""
    courses = {a.course_id: a.course for a in assignments if a.course_id}
    if not courses:
        return {}
    return LessonPage.objects.live().ids_by_course(courses.values())


def windowed_progress(joined: dict[int, datetime]) -> dict[int, dict[int, dict]]:
    """{learner id: {lesson id: progress}} touched since each learner joined; a lesson
    counts as completed only when it was completed since then."""
    rows = LessonProgress.objects.filter(
        learner_id__in=joined, last_activity_at__gte=min(joined.values(), default=None)
    ).values("learner_id", "lesson_id", "completed_at", "best_score", "last_activity_at")
    found = defaultdict(dict)
    for row in rows:
        since = joined[row["learner_id"]]
        if row["last_activity_at"] < since:
            continue
        if row["completed_at"] is not None and row["completed_at"] < since:
            # Finished before joining: started in the window, not done in it.
            row["completed_at"] = row["best_score"] = None
        found[row["learner_id"]][row["lesson_id"]] = row
    return found


def windowed_attempts(classroom: Classroom) -> dict[int, list[dict]]:
    """{learner id: [{block_type, average, last}]} over attempts since joining."""
    rows = (
        ExerciseAttempt.objects.filter(
            learner__classroom_memberships__classroom=classroom,
            learner__classroom_memberships__left_at__isnull=True,
            created_at__gte=F("learner__classroom_memberships__joined_at"),
        )
        .values("learner_id", "block_type")
        .annotate(average=Avg("score"), attempts=Count("pk"), last=Max("created_at"))
    )
    found = defaultdict(list)
    for row in rows:
        found[row["learner_id"]].append(row)
    return found


def windowed_cards(classroom: Classroom, now: datetime) -> dict[int, list[dict]]:
    """{learner id: cards} made or reviewed since each learner joined, with `is_due` now."""
    joined = F("learner__classroom_memberships__joined_at")
    rows = (
        ReviewCard.objects.filter(
            Q(created_at__gte=joined) | Q(last_review__gt=joined),
            learner__classroom_memberships__classroom=classroom,
            learner__classroom_memberships__left_at__isnull=True,
        )
        # Compared in SQL: the grid needs only whether each card is due, not when.
        .annotate(is_due=ExpressionWrapper(Q(due__lte=now), output_field=BooleanField()))
        .values(
            "learner_id",
            "item_id",
            "item__headword",
            "stability",
            "last_review",
            "lapses",
            "is_due",
        )
    )
    found = defaultdict(list)
    for card in rows:
        found[card["learner_id"]].append(card)
    return found


def windowed_reviews(classroom: Classroom, now: datetime) -> dict[int, dict]:
    """{learner id: {done, last}}: answers in the last REVIEW_WINDOW since joining."""
    rows = (
        ReviewLog.objects.filter(
            learner__classroom_memberships__classroom=classroom,
            learner__classroom_memberships__left_at__isnull=True,
            reviewed_at__gte=F("learner__classroom_memberships__joined_at"),
        )
        .since(now - REVIEW_WINDOW)
        .values("learner_id")
        .annotate(done=Count("pk"), last=Max("reviewed_at"))
    )
    return {row["learner_id"]: row for row in rows}


def lesson_items(lesson_ids: set[int]) -> dict[int, set[int]]:
    if not lesson_ids:
        return {}
    found = defaultdict(set)
    for page_id, item_id in LessonVocabulary.objects.filter(page_id__in=lesson_ids).values_list(
        "page_id", "item_id"
    ):
        found[page_id].add(item_id)
    return found

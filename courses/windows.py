"""The reads behind the tutors' grids, each in one query whatever the number of
classrooms and learners: current memberships, a course's live lessons, and each
membership's progress, attempts, cards and reviews inside its window (from
`joined_at` on, nothing for learners who left).

Reads are keyed by membership, not by learner: one learner in two of a tutor's
classrooms has two windows, each from its own `joined_at`.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, F, Max, Q

from lessons.models import LessonPage, LessonVocabulary
from progress.models import ExerciseAttempt, LessonProgress, ReviewCard, ReviewLog

from .models import Assignment, Classroom, Membership

REVIEW_WINDOW = timedelta(days=7)
# The membership a row of another learner-owned table falls in, through its learner.
MEMBERSHIP = "learner__classroom_memberships"


def current_memberships(classrooms: Iterable[Classroom]) -> list[Membership]:
    return list(
        Membership.objects.current()
        .filter(classroom__in=list(classrooms))
        .select_related("learner__learner_profile")
        .order_by("joined_at", "pk")
    )


def course_lessons(assignments: list[Assignment]) -> dict[int, list[int]]:
    """{course id: live lesson ids in order} for the course assignments, in one query."""
    courses = {a.course_id: a.course for a in assignments if a.course_id}
    if not courses:
        return {}
    return LessonPage.objects.live().ids_by_course(courses.values())


def current_members(classrooms: Iterable[Classroom]) -> Q:
    """Rows of current members of `classrooms`. Given to one `filter` call with the
    window's bounds, it makes the one membership join that `MEMBERSHIP` reads back."""
    return Q(
        **{f"{MEMBERSHIP}__classroom__in": list(classrooms), f"{MEMBERSHIP}__left_at__isnull": True}
    )


def in_windows(classrooms: Iterable[Classroom], moment: str) -> Q:
    """Rows of current members of `classrooms` whose `moment` is at or after joining."""
    return current_members(classrooms) & Q(**{f"{moment}__gte": F(f"{MEMBERSHIP}__joined_at")})


def windowed_progress(memberships: list[Membership]) -> dict[int, dict[int, dict]]:
    """{membership id: {lesson id: progress}} touched since joining; a lesson counts
    as completed only when it was completed since then."""
    if not memberships:
        return {}
    windows = defaultdict(list)
    for membership in memberships:
        windows[membership.learner_id].append(membership)
    rows = LessonProgress.objects.filter(
        learner_id__in=windows, last_activity_at__gte=min(m.joined_at for m in memberships)
    ).values("learner_id", "lesson_id", "completed_at", "best_score", "last_activity_at")
    found = defaultdict(dict)
    for row in rows:
        for membership in windows[row["learner_id"]]:
            if row["last_activity_at"] >= membership.joined_at:
                found[membership.pk][row["lesson_id"]] = in_window(row, membership.joined_at)
    return found


def in_window(row: dict, since: datetime) -> dict:
    if row["completed_at"] is not None and row["completed_at"] < since:
        # Finished before joining: started in the window, not done in it.
        return {**row, "completed_at": None, "best_score": None}
    return row


def windowed_attempts(classrooms: Iterable[Classroom]) -> dict[int, list[dict]]:
    """{membership id: [{block_type, average, last}]} over attempts since joining."""
    rows = (
        ExerciseAttempt.objects.filter(in_windows(classrooms, "created_at"))
        .values(MEMBERSHIP, "block_type")
        .annotate(average=Avg("score"), attempts=Count("pk"), last=Max("created_at"))
    )
    return by_membership(rows)


def windowed_cards(classrooms: Iterable[Classroom], now: datetime) -> dict[int, list[dict]]:
    """{membership id: cards} made or reviewed since joining, with `is_due` now."""
    joined = F(f"{MEMBERSHIP}__joined_at")
    rows = (
        ReviewCard.objects.filter(
            (Q(created_at__gte=joined) | Q(last_review__gt=joined)) & current_members(classrooms)
        )
        # Compared in SQL: the grid needs only whether each card is due, not when.
        .annotate(is_due=ExpressionWrapper(Q(due__lte=now), output_field=BooleanField()))
        .values(
            MEMBERSHIP,
            "item_id",
            "item__headword",
            "stability",
            "last_review",
            "lapses",
            "is_due",
        )
    )
    return by_membership(rows)


def windowed_reviews(classrooms: Iterable[Classroom], now: datetime) -> dict[int, dict]:
    """{membership id: {done, last}}: answers in the last REVIEW_WINDOW since joining."""
    rows = (
        ReviewLog.objects.filter(in_windows(classrooms, "reviewed_at"))
        .since(now - REVIEW_WINDOW)
        .values(MEMBERSHIP)
        .annotate(done=Count("pk"), last=Max("reviewed_at"))
    )
    return {row.pop(MEMBERSHIP): row for row in rows}


def by_membership(rows) -> dict[int, list[dict]]:
    found = defaultdict(list)
    for row in rows:
        found[row.pop(MEMBERSHIP)].append(row)
    return found


def lesson_items(lesson_ids: set[int]) -> dict[int, set[int]]:
    if not lesson_ids:
        return {}
    found = defaultdict(set)
    for page_id, item_id in LessonVocabulary.objects.filter(page_id__in=lesson_ids).values_list(
        "page_id", "item_id"
    ):
        found[page_id].add(item_id)
    return found

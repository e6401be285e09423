"""Reads for the learner's screens; each runs a fixed number of queries.

Until tutors' assignments exist, the learner's study list is the lessons in
progress plus the next lesson of the learner's course (the course of the most
recently studied lesson, or the first course); none has a due date.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count

from accounts import clock
from accounts.models import LearnerProfile
from lessons.models import LessonPage

from . import placing, queue, stats
from .models import WEAK, LessonProgress, PlacementTest, ReviewCard

RECENT_COMPLETED = 5


@dataclass(frozen=True)
class StudyItem:
    lesson: LessonPage
    status: str  # "not_started" | "started" | "completed"
    best_score: float = 0.0
    due: date | None = None

    def is_overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


@dataclass(frozen=True)
class LearnerHome:
    profile: LearnerProfile
    today: date
    reviews_due: int
    words_learned: int
    days_studied_this_week: int
    weak_words: int = 0
    study_list: list[StudyItem] = field(default_factory=list)
    continue_lesson: LessonPage | None = None
    completed: list[StudyItem] = field(default_factory=list)
    placement: PlacementTest | None = None  # the latest finished placement test


def days_studied_since(user, start: datetime, zone: ZoneInfo) -> int:
    """Local days since `start` with an exercise answered or a word reviewed."""
    return len(stats.studied_days(user, zone, since=start))


def next_lesson(latest: LessonPage | None, completed_ids: set[int]) -> LessonPage | None:
    """The first lesson not yet completed of `latest`'s course, or of the first course."""
    lessons = LessonPage.objects.live().exclude(pk__in=completed_ids)
    if latest is not None:
        lessons = lessons.sibling_of(latest)
    return lessons.order_by("path").first()


def sort_study_list(items: list[StudyItem]) -> list[StudyItem]:
    """Dated items first, the earliest (so the overdue) first; then undated."""
    return sorted(items, key=lambda item: (item.due is None, item.due or date.max))


def learner_home(user, *, now: datetime) -> LearnerHome:
    profile = LearnerProfile.objects.for_user(user)
    zone = clock.zone_of(profile)
    today = clock.calendar_day(now, zone)
    week_start = clock.start_of_day(today - timedelta(days=today.weekday()), zone)
    placed = placing.latest(user)
    words = ReviewCard.objects.for_learner(user).aggregate(
        learned=Count("item_id", distinct=True),
        weak=Count("item_id", distinct=True, filter=WEAK),
    )
    return LearnerHome(
        profile=profile,
        today=today,
        reviews_due=queue.due_count(user, now=now, time_zone=clock.zone_name(profile)),
        words_learned=words["learned"],
        weak_words=words["weak"],
        days_studied_this_week=days_studied_since(user, week_start, zone),
        placement=placed,
        **lesson_lists(user, placed),
    )


def lesson_lists(user, placed: PlacementTest | None = None) -> dict:
    """The home's lessons: those to study (started, then the next one), the one to
    continue, and the latest completed. Before any lesson is studied, the next one
    is the lesson the placement test recommended, if it is still live."""
    progress = list(LessonProgress.objects.for_learner(user).order_by("-last_activity_at"))
    completed = [p for p in progress if p.is_complete]
    started = [p for p in progress if not p.is_complete]
    lessons = LessonPage.objects.in_bulk([p.lesson_id for p in progress])
    study_list = [StudyItem(lessons[p.lesson_id], "started", p.best_score) for p in started]
    latest = lessons.get(progress[0].lesson_id) if progress else None
    upcoming = next_lesson(latest, {p.lesson_id for p in completed})
    if not progress and placed is not None and placed.lesson is not None and placed.lesson.live:
        upcoming = placed.lesson.specific
    if upcoming is not None and upcoming.pk not in {p.lesson_id for p in started}:
        study_list.append(StudyItem(upcoming, "not_started"))
    return {
        "study_list": sort_study_list(study_list),
        "continue_lesson": lessons[started[0].lesson_id] if started else None,
        "completed": [
            StudyItem(lessons[p.lesson_id], "completed", p.best_score)
            for p in completed[:RECENT_COMPLETED]
        ],
    }


def lesson_statuses(user, lesson_ids) -> dict[int, LessonProgress]:
    """The learner's progress on each of `lesson_ids` that has any, in one query."""
    if not user.is_authenticated:
        return {}
    rows = LessonProgress.objects.for_learner(user).filter(lesson_id__in=list(lesson_ids))
    return {row.lesson_id: row for row in rows}


def course_progress(user, courses) -> dict[int, tuple[int, int]]:
    """{course id: (lessons completed, live lessons)} for the learner, in two queries."""
    courses = list(courses)
    if not user.is_authenticated or not courses:
        return {}
    lessons = LessonPage.objects.live().ids_by_course(courses)
    done = set(
        LessonProgress.objects.for_learner(user)
        .completed()
        .filter(lesson_id__in=[pk for pks in lessons.values() for pk in pks])
        .values_list("lesson_id", flat=True)
    )
    return {course: (len(done.intersection(pks)), len(pks)) for course, pks in lessons.items()}

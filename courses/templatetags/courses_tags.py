"""Classroom work on the learner's home page, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import timedelta

from django import template
from django.utils import timezone

from accounts import clock
from accounts.models import LearnerProfile
from progress.models import LessonProgress, WritingComment

from .. import navigation
from ..models import Assignment, Membership, TutorComment, is_tutor
from ..voice_recordings import current_tutors
from ..windows import course_lessons

register = template.Library()
# A tutor's comment on the learner's writing is news on the home page this long.
WRITING_COMMENT_NEWS = timedelta(days=14)


@dataclass(frozen=True)
class AssignedItem:
    assignment: Assignment
    done: bool
    overdue: bool


def assigned_items(user, today) -> list[AssignedItem]:
    """Started, active assignments reaching the learner; overdue first, then by due date;
    done last. `today` is the learner's own day, as on the tutor's grid: work is overdue
    from the midnight after its due date where the learner lives. A "keep" assignment is
    never done or overdue here; how well its words are kept shows in the reviews."""
    assignments = list(
        Assignment.objects.for_learner(user)
        .filter(starts_on__lte=today)
        .select_related("lesson", "course")
    )
    courses = course_lessons(assignments)
    lesson_ids = {a.lesson_id for a in assignments if a.lesson_id}
    lesson_ids.update(pk for pks in courses.values() for pk in pks)
    done_lessons = set(
        LessonProgress.objects.for_learner(user)
        .completed()
        .filter(lesson_id__in=lesson_ids)
        .values_list("lesson_id", flat=True)
    )
    items = [item(a, courses, done_lessons, today) for a in assignments]
    return sorted(items, key=lambda item: (item.done, not item.overdue, item.assignment.due_on))


def item(assignment: Assignment, courses: dict, done_lessons: set, today) -> AssignedItem:
    if assignment.kind == Assignment.Kind.KEEP:
        return AssignedItem(assignment, done=False, overdue=False)
    lessons = assignment.lessons_in(courses)
    status = assignment.status(lessons=lessons, done=done_lessons, started=set(), today=today)
    return AssignedItem(assignment, done=status == "done", overdue=status == "overdue")


@register.inclusion_tag("courses/includes/learner_assignments.html", takes_context=True)
def learner_assignments(context):
    user = context["request"].user
    home = context.get("learner_home")
    if home is not None:
        today = home.today
    else:
        today = clock.today_of(LearnerProfile.objects.for_user(user), timezone.now())
    return {
        "assignments": assigned_items(user, today),
        "new_comments": TutorComment.objects.filter(progress__learner=user).count(),
        "new_writing_comments": WritingComment.objects.filter(
            submission__learner=user, created_at__gte=timezone.now() - WRITING_COMMENT_NEWS
        ).count(),
        "tutor": tutor_user(user),
        "request": context["request"],
    }


@register.simple_tag(takes_context=True)
def in_a_classroom(context) -> bool:
    """Whether a tutor can read the learner's work now: writing sent with no classroom
    waits for none."""
    user = context["request"].user
    return user.is_authenticated and Membership.objects.of_learner(user).exists()


@register.filter(name="is_tutor")
def tutor_user(user) -> bool:
    """`is_tutor`, asked once per request: the header and the home page both want it."""
    if not hasattr(user, "_is_tutor"):
        user._is_tutor = is_tutor(user)
    return user._is_tutor


@register.simple_tag
def percent(value) -> str:
    return "—" if value is None else f"{value:.0%}"


@register.inclusion_tag("courses/includes/voice_recorder.html", takes_context=True)
def voice_recorder(context) -> dict:
    """ "Record yourself" on the page's word and sentence cards, and the send form
    with the learner's current tutors (none for visitors: they record and listen only)."""
    user = context["request"].user
    tutors = list(current_tutors(user)) if user.is_authenticated else []
    return {"tutors": tutors, "csrf_token": context.get("csrf_token")}


@register.simple_tag
def course_map_url() -> str:
    return navigation.course_map_url()

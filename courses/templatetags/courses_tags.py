"""Classroom work on the learner's home page, in a fixed number of queries."""

from dataclasses import dataclass

from django import template
from django.utils import timezone

from progress.models import LessonProgress

from ..models import Assignment, TutorComment, is_tutor

register = template.Library()


@dataclass(frozen=True)
class AssignedItem:
    assignment: Assignment
    done: bool
    overdue: bool


def assigned_items(user, today) -> list[AssignedItem]:
    """Started, active assignments reaching the learner; overdue first, then by due date;
    done last."""
    assignments = list(
        Assignment.objects.for_learner(user)
        .filter(starts_on__lte=today)
        .select_related("lesson", "course")
    )
    lesson_ids = [a.lesson_id for a in assignments if a.lesson_id]
    done = set(
        LessonProgress.objects.for_learner(user)
        .completed()
        .filter(lesson_id__in=lesson_ids)
        .values_list("lesson_id", flat=True)
    )
    items = [
        AssignedItem(
            a,
            a.kind == Assignment.Kind.COMPLETE and a.lesson_id in done,
            a.due_on < today and a.lesson_id not in done,
        )
        for a in assignments
    ]
    return sorted(items, key=lambda item: (item.done, not item.overdue, item.assignment.due_on))


@register.inclusion_tag("courses/includes/learner_assignments.html", takes_context=True)
def learner_assignments(context):
    user = context["request"].user
    return {
        "assignments": assigned_items(user, timezone.localdate()),
        "new_comments": TutorComment.objects.filter(progress__learner=user).count(),
        "tutor": is_tutor(user),
        "request": context["request"],
    }


@register.simple_tag
def percent(value) -> str:
    return "—" if value is None else f"{value:.0%}"

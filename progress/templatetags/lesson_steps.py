"""The learner's way through a lesson's steps and its summary, one query each."""

from django import template

from progress import steps
from progress.models import WritingSubmission
from progress.selectors import lesson_statuses

register = template.Library()


@register.simple_tag(takes_context=True)
def way_on(context, lesson, number: int, again: bool = False) -> steps.WayOn:
    return steps.way_on(context["request"].user, lesson, number=number, again=again)


@register.inclusion_tag("progress/includes/lesson_summary.html", takes_context=True)
def lesson_summary(context, lesson, words):
    """Score, whether writing went to the tutor, and, once the lesson is complete, the
    words it put into review."""
    user = context["request"].user
    progress = lesson_statuses(user, [lesson.pk]).get(lesson.pk)
    writing = (
        WritingSubmission.objects.filter(learner=user, lesson_id=lesson.pk) if progress else None
    )
    return {
        "sent_writing": writing.exists() if writing is not None else False,
        "lesson": lesson,
        "progress": progress,
        "words": words if progress and progress.is_complete else [],
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def feedback_for(messages, tag: str) -> str:
    """The feedback an answer posted without JavaScript left for the exercise tagged `tag`."""
    if not tag:
        return ""
    return next((m.message for m in messages or () if m.extra_tags == tag), "")

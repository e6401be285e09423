"""The learner's status in course and lesson pages, one query per page."""

from django import template

from progress.selectors import course_progress, lesson_statuses

register = template.Library()


def status_name(progress) -> str:
    if progress is None:
        return "not_started"
    return "completed" if progress.is_complete else "started"


@register.simple_tag(takes_context=True)
def learner_statuses(context, lessons) -> dict:
    """{lesson id: "not_started" | "started" | "completed"} for the current learner."""
    lessons = list(lessons)
    found = lesson_statuses(context["request"].user, [lesson.pk for lesson in lessons])
    return {lesson.pk: status_name(found.get(lesson.pk)) for lesson in lessons}


@register.simple_tag(takes_context=True)
def learner_course_progress(context, courses) -> dict:
    """{course id: (lessons completed, lessons)} for the current learner."""
    return course_progress(context["request"].user, courses)


@register.filter
def progress_of(progress: dict, course_id):
    return progress.get(course_id)


@register.filter
def status_of(statuses: dict, lesson_id) -> str:
    return statuses.get(lesson_id, "not_started")


@register.inclusion_tag("progress/includes/lesson_progress.html", takes_context=True)
def lesson_progress_panel(context, lesson):
    user = context["request"].user
    progress = lesson_statuses(user, [lesson.pk]).get(lesson.pk)
    return {
        "lesson": lesson,
        "progress": progress,
        "status": status_name(progress),
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }

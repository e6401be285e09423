import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lessons import grading
from lessons.blocks import feedback_tag
from lessons.exceptions import AnswerFormatError
from lessons.models import LessonPage

from . import recording, steps
from .exceptions import LessonNotFinished
from .models import LessonProgress, WritingSubmission

FEEDBACK_TEMPLATE = "progress/includes/exercise_feedback.html"


def exercise_or_404(lesson: LessonPage, block_id: str) -> tuple[int, object]:
    """The exercise and its step number (1-based)."""
    for number, block in enumerate(lesson.exercise_blocks(), 1):
        if block.id == block_id:
            return number, block
    raise Http404("No such exercise in this lesson.")


def idempotency_key(data) -> uuid.UUID | None:
    raw = data.get("idempotency_key", "")
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise AnswerFormatError(_("The answer could not be read. Please answer again.")) from None


@require_POST
def answer_exercise(request, page_id: int, block_id: str):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    number, block = exercise_or_404(lesson, block_id)
    again = request.POST.get("again") == "1"
    context = {
        "lesson": lesson,
        "block_id": block_id,
        "step_url": lesson.step_url(number, again=again),
    }
    try:
        key = idempotency_key(request.POST)
        answer = grading.parse_answer(block.block_type, dict(request.POST.lists()))
        if request.user.is_authenticated:
            _attempt, grade = recording.record_answer(
                learner=request.user, lesson=lesson, block=block, answer=answer, idempotency_key=key
            )
        else:  # a visitor's answer is graded, not kept
            grade = grading.grade(block.block_type, block.value, answer)
    except AnswerFormatError as error:
        return exercise_feedback(request, {**context, "error": str(error)}, messages.ERROR, 400)
    progress = None
    if request.user.is_authenticated:
        progress = LessonProgress.objects.get(learner=request.user, lesson_id=lesson.pk)
    way = steps.way_on(request.user, lesson, number=number, again=again)
    level = messages.SUCCESS if grade.correct else messages.WARNING
    return exercise_feedback(
        request, {**context, "grade": grade, "progress": progress, "way": way}, level
    )


def exercise_feedback(request, context: dict, level: int, status: int = 200):
    """The feedback partial, swapped in by htmx; without JavaScript, a message that the
    exercise itself shows on its step, where the learner is sent back to."""
    if request.htmx:
        next_key = uuid.uuid4() if "grade" in context else None
        return render(request, FEEDBACK_TEMPLATE, {**context, "next_key": next_key}, status=status)
    block_id = context["block_id"]
    html = render_to_string(FEEDBACK_TEMPLATE, context, request)
    messages.add_message(request, level, html, extra_tags=feedback_tag(block_id))
    return HttpResponseRedirect(f"{context['step_url']}#prompt-{block_id}")


@require_GET
def way_on(request, page_id: int, number: int):
    """Where the learner goes after step `number`, by the one rule of progress.steps:
    the next step of a feedback shown on the phone, followed once online again."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    if not 1 <= number <= len(lesson.exercise_blocks()):
        raise Http404("No such step in this lesson.")
    again = request.GET.get("again") == "1"
    return redirect(steps.way_on(request.user, lesson, number=number, again=again).url)


@login_required
@require_POST
def complete_lesson(request, page_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    try:
        recording.complete_lesson(learner=request.user, lesson=lesson)
    except LessonNotFinished:
        messages.error(request, _("Answer every exercise first, then finish the lesson."))
        return redirect(lesson.summary_url())
    messages.success(request, _("Lesson finished. Its words are ready to review."))
    return redirect("/")


@login_required
@require_GET
def my_writing(request):
    """What the learner wrote in writing exercises, newest first, with tutors' comments."""
    submissions = (
        WritingSubmission.objects.filter(learner=request.user)
        .select_related("lesson")
        .prefetch_related("comments")
    )
    return render(request, "progress/my_writing.html", {"submissions": submissions})

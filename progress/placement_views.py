"""The placement test's pages under /learn/placement/ (progress.placing does the
work). A sitting is its learner's alone: anyone else gets 404, and visitors are
sent to sign in. What a question page carries never tells the right answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lessons.exceptions import AnswerFormatError
from lessons.models import LessonPage

from . import placement, placing
from .models import PlacementTest
from .placement_items import bank


def own_test(request, test_id: int) -> PlacementTest:
    return get_object_or_404(PlacementTest, pk=test_id, learner=request.user)


@login_required
def placement_home(request):
    context = {
        "latest": placing.latest(request.user),
        "unfinished": PlacementTest.objects.filter(
            learner=request.user, finished_at__isnull=True
        ).exists(),
        "most_items": placement.MAX_ITEMS,
    }
    return render(request, "progress/placement/home.html", context)


@login_required
@require_POST
def placement_start(request):
    test = placing.start(learner=request.user, now=timezone.now())
    return redirect("progress:placement_question", test_id=test.pk)


@login_required
def placement_question(request, test_id: int):
    test = own_test(request, test_id)
    if test.is_finished:
        return redirect("progress:placement_result", test_id=test.pk)
    question = bank().get(test.asking)
    if question is None:  # the curriculum changed under this sitting: ask another item
        test = placing.start(learner=request.user, now=timezone.now())
        question = bank().get(test.asking)
    lesson = LessonPage.objects.filter(pk=question.lesson_id).first() if question else None
    context = {
        "test": test,
        "question": question,
        "number": len(test.answers) + 1,
        "most_items": placement.MAX_ITEMS,
        "page": lesson,  # a listening question plays its lesson exercise's audio
        "id": question.block_id if question else "",
    }
    return render(request, "progress/placement/question.html", context)


@login_required
@require_POST
def placement_answer(request, test_id: int):
    test = own_test(request, test_id)
    dont_know = "dont_know" in request.POST
    choice = None if dont_know else request.POST.get("choice")
    if not dont_know and not choice:
        messages.error(request, _("Choose an answer, or press “I don't know”."))
        return redirect("progress:placement_question", test_id=test.pk)
    try:
        test = placing.answer(
            test=test, item_id=request.POST.get("item", ""), choice=choice, now=timezone.now()
        )
    except placing.StaleAnswer:
        messages.info(request, _("That question was already answered. Here is the next one."))
    except AnswerFormatError as error:
        messages.error(request, str(error))
    if test.is_finished:
        return redirect("progress:placement_result", test_id=test.pk)
    return redirect("progress:placement_question", test_id=test.pk)


@login_required
def placement_result(request, test_id: int):
    test = own_test(request, test_id)
    if not test.is_finished:
        return redirect("progress:placement_question", test_id=test.pk)
    context = {
        "test": test,
        "level_name": test.get_level_display(),
        "confidence": round(100 * (test.confidence or 0)),
        "asked": len(test.answers),
        "right": sum(1 for _item, right, *_rest in test.answers if right),
    }
    return render(request, "progress/placement/result.html", context)

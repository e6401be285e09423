"""The placement test, one sitting at a time: start or go on with a sitting, record
an answer, and finish with a level, its confidence and a lesson to start from.

Rules:
- A learner has at most one unfinished sitting; starting again goes on with it. A
  retake starts a new sitting once the last is finished; the latest finished one is
  the learner's placement.
- An answer counts only for the item being asked (`PlacementTest.asking`): a form
  for another item (sent twice, or from an old tab) changes nothing. "I don't know"
  is a wrong answer, with no guess to be lucky in.
- Each answer keeps the item's difficulty and guessing floor, so that the estimate
  of a sitting stays the same when the curriculum changes under it.
- The starting lesson is the first lesson, in course order, at the placed level
  that the learner has not completed (the grammar course is a strand beside the
  others, not a start); when the level has none left, the nearest level below, then
  above.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Page

from lessons.exceptions import AnswerFormatError
from lessons.models import GRAMMAR_COURSE_SLUG, LessonPage

from . import placement, placement_items
from .models import LessonProgress, PlacementTest


class StaleAnswer(Exception):
    """An answer for an item this sitting is not asking (any more)."""


def answered_items(test: PlacementTest) -> list[tuple[placement.Item, bool]]:
    return [
        (placement.Item(item_id, difficulty, guess), right)
        for item_id, right, difficulty, guess in test.answers
    ]


def current_estimate(test: PlacementTest) -> placement.Estimate:
    return placement.estimate(answered_items(test))


def next_item_id(test: PlacementTest, bank: dict) -> str:
    asked = {item_id for item_id, *_rest in test.answers}
    items = [question.item for question in bank.values()]
    item = placement.next_item(items, asked, current_estimate(test).theta)
    return item.id if item else ""


@transaction.atomic
def start(*, learner, now: datetime) -> PlacementTest:
    """The learner's unfinished sitting, or a new one asking its first item."""
    test = (
        PlacementTest.objects.select_for_update()
        .filter(learner=learner, finished_at__isnull=True)
        .order_by("-started_at")
        .first()
    )
    if test is None:
        test = PlacementTest(learner=learner, started_at=now)
    if not test.asking:
        test.asking = next_item_id(test, placement_items.bank())
    test.save()
    return test


@transaction.atomic
def answer(*, test: PlacementTest, item_id: str, choice: str | None, now: datetime):
    """Record `choice` (None: "I don't know") for `item_id`; finish when the test is done."""
    test = PlacementTest.objects.select_for_update().get(pk=test.pk)
    if test.is_finished or not item_id or item_id != test.asking:
        raise StaleAnswer(item_id)
    bank = placement_items.bank()
    question = bank.get(item_id)
    if question is not None:  # an item the curriculum no longer has is skipped
        if choice is not None and choice not in question.choices:
            raise AnswerFormatError(_("That choice is not one of this question's options."))
        right = choice == question.right
        test.answers.append([item_id, right, question.item.difficulty, question.item.guess])
    estimate = current_estimate(test)
    test.asking = next_item_id(test, bank)
    if not test.asking or placement.finished(estimate, len(test.answers)):
        finish(test, estimate, now=now)
    test.save()
    return test


def finish(test: PlacementTest, estimate: placement.Estimate, *, now: datetime) -> None:
    test.finished_at, test.asking = now, ""
    test.level = estimate.level
    test.ability, test.standard_error = estimate.theta, estimate.se
    test.confidence = estimate.confidence
    test.lesson = starting_lesson(test.learner, estimate.level)


def starting_lesson(learner, level: str) -> LessonPage | None:
    grammar = Page.objects.filter(slug=GRAMMAR_COURSE_SLUG).values("path")
    done = LessonProgress.objects.for_learner(learner).completed().values("lesson")
    lessons = LessonPage.objects.live().exclude(pk__in=done).order_by("path")
    for path in grammar:
        lessons = lessons.exclude(path__startswith=path["path"])
    index = placement.LEVELS.index(level)
    below = placement.LEVELS[index::-1]
    above = placement.LEVELS[index + 1 :]
    for candidate in (*below, *above):
        lesson = lessons.filter(cefr_level=candidate).first()
        if lesson is not None:
            return lesson
    return None


def latest(learner) -> PlacementTest | None:
    return (
        PlacementTest.objects.finished()
        .filter(learner=learner)
        .select_related("lesson")
        .order_by("-finished_at")
        .first()
    )

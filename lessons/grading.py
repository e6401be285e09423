"""Grading of exercise answers: pure dispatch to the exercise types.

`parse_answer(block_type, data)` turns submitted form data (a mapping of field
name to a list of strings) into a plain answer dict; `grade_answer(block_type,
value, answer)` scores that answer against the block's value (a StructValue or
a dict with the same keys) and returns a `Grade`. The rules of each type are in
its module in `lessons.exercises`; free text is compared after
`lessons.exercises.text.normalise`.

Rules kept here, for every type: `Grade.correct` is true exactly when the
score is 1; a block type that is not an exercise, or an answer of the wrong
shape, raises `AnswerFormatError` with a message for the learner, in the
language active when grading runs. No ORM, settings or clock.
"""

from collections.abc import Mapping, Sequence
from types import ModuleType

from django.utils.translation import gettext as _

from lessons.exceptions import AnswerFormatError
from lessons.exercises import registry
from lessons.exercises.base import Grade

__all__ = [
    "Grade",
    "accepted_answers",
    "grade",
    "grade_answer",
    "key_answer",
    "parse_answer",
    "sent_to_tutor",
]


def exercise(block_type: str) -> ModuleType:
    found = registry().get(block_type)
    if found is None:
        raise AnswerFormatError(_("This exercise cannot be answered here."))
    return found


def parse_answer(block_type: str, data: Mapping[str, Sequence[str]]) -> dict:
    return exercise(block_type).parse(data)


def grade_answer(block_type: str, value: Mapping, answer: dict) -> Grade:
    grader = exercise(block_type).grade
    try:
        return grader(value, answer)
    except (KeyError, TypeError) as error:
        raise AnswerFormatError(_("The answer does not fit this exercise.")) from error


# The name the answer view and the curriculum checks have always called.
grade = grade_answer


def key_answer(block_type: str, value: Mapping) -> dict:
    """The answer that the block's own key gives (what a perfect learner submits)."""
    return exercise(block_type).answer_key(value)


def accepted_answers(block_type: str, value: Mapping) -> list[dict]:
    """Every answer that grades 1: the key, then any others the type accepts."""
    module = exercise(block_type)
    others = getattr(module, "other_answers", None)
    return [module.answer_key(value), *(others(value) if others else [])]


def sent_to_tutor(block_type: str) -> bool:
    """Whether the type's accepted answers go to the learner's tutor (writing)."""
    return getattr(registry().get(block_type), "SENT_TO_TUTOR", False)

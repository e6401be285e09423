"""Type the letter: the learner sees a letter shown big (and may hear it) and
types it in one field. One part.

Rules: `answer` is one English letter (A-Z or a-z); the learner is shown
`shown` (a letter or a short cue such as "b"), hears `spoken` (optional: a
letter's name, or a word), or both, so at least one of the two is given. The
typed answer is read as Unicode NFKC (a phone's full-width "Ｂ" is "B") without
the spaces around it; when `exact_case` is set (the task asks for a capital or
a small letter) it must be that letter in that case, otherwise either case is
right. Anything else typed, two letters included, is wrong; nothing typed is
refused with a message, as it is no answer at all.
"""

import unicodedata
from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

from lessons.exceptions import AnswerFormatError

from .base import ExerciseBlock, Grade, Marks, Problem, attr, feedback_blocks, graded, single

LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
MAX_SHOWN = 20


class TypeLetterBlock(ExerciseBlock):
    shown = blocks.CharBlock(
        required=False,
        max_length=MAX_SHOWN,
        label=gettext_lazy("What the learner sees (shown big)"),
    )
    spoken = blocks.CharBlock(
        required=False, label=gettext_lazy("What the learner hears (optional)")
    )
    answer = blocks.CharBlock(max_length=1, label=gettext_lazy("The letter to type"))
    exact_case = blocks.BooleanBlock(
        required=False, label=gettext_lazy("Only this case is right (capital or small)")
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "edit"
        label = gettext_lazy("Type the letter")
        template = "lessons/blocks/type_letter.html"
        preview_value = {
            "prompt": "Type the small letter.",
            "shown": "B",
            "answer": "b",
            "exact_case": True,
        }


def validate(value: Mapping) -> list[Problem]:
    answer = attr(value, "answer")
    if len(answer) != 1 or answer not in LETTERS:
        return [(("answer",), _("The answer is one English letter, A to Z or a to z."))]
    if not attr(value, "shown").strip() and not attr(value, "spoken").strip():
        return [(("shown",), _("Show the learner something, or give what they hear."))]
    return []


def parse(data) -> dict:
    typed = unicodedata.normalize("NFKC", single(data, "letter")).strip()
    if not typed:
        raise AnswerFormatError(_("Type a letter."))
    return {"letter": typed}


def grade(value: Mapping, answer: dict) -> Grade:
    key, typed = value["answer"], answer["letter"]
    right = typed == key if value.get("exact_case") else typed.lower() == key.lower()
    return graded(value, Marks([right], [key]))


def answer_key(value: Mapping) -> dict:
    return {"letter": value["answer"]}


def other_answers(value: Mapping) -> list[dict]:
    if value.get("exact_case"):
        return []
    return [{"letter": value["answer"].swapcase()}]


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    # A letter is no word: only the prompt is read for the level.
    return [attr(value, "prompt")], []


def spoken_texts(value: Mapping) -> list[str]:
    return [value["spoken"]] if attr(value, "spoken").strip() else []


def heard_text(value: Mapping) -> str:
    return attr(value, "spoken")

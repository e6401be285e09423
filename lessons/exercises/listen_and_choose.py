"""Listen and choose: the learner hears an English word or sentence and picks,
among two to four written choices, the one they heard. One part.

Rules: `text` is what plays (the rendered audio, or the browser's speech while
none is rendered) and is one of the choices; the choices are two to four texts
that grading can tell apart (case, spaces and punctuation ignored). The page
never names the text before the answer: the choices are shown in alphabetical
order and the audio is fetched by exercise, not by text (lessons.listening).
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

from .base import (
    PickOne,
    PickOneBlock,
    Problem,
    attr,
    feedback_blocks,
)
from .text import normalise

MIN_CHOICES, MAX_CHOICES = 2, 4


class ListenAndChooseBlock(PickOneBlock):
    text = blocks.CharBlock(label=gettext_lazy("Text the learner hears"))
    choices = blocks.ListBlock(
        blocks.CharBlock(label=gettext_lazy("Choice")),
        min_num=MIN_CHOICES,
        max_num=MAX_CHOICES,
        label=gettext_lazy("Written choices (one of them is the text heard)"),
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "media"
        label = gettext_lazy("Listen and choose")
        template = "lessons/blocks/listen_and_choose.html"
        preview_value = {
            "prompt": "Which sentence do you hear?",
            "text": "The bus is late.",
            "choices": ["The bus is late.", "The bus is here.", "The bus is full."],
        }


def validate(value: Mapping) -> list[Problem]:
    text, choices = attr(value, "text").strip(), list(attr(value, "choices", []))
    if not text:
        return [(("text",), _("Give the English word or sentence the learner hears."))]
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        return [(("choices",), _("Give two to four choices."))]
    seen: set[str] = set()
    for i, choice in enumerate(choices):
        if normalise(choice) in seen:
            return [(("choices", i), _("This choice is the same as another one."))]
        seen.add(normalise(choice))
    if normalise(text) not in seen:
        return [(("text",), _("The text the learner hears must be one of the choices."))]
    return []


PICK = PickOne(
    "choices", "text", gettext_lazy("That choice is not one of this exercise's options.")
)
parse, grade, answer_key = PICK.parse, PICK.grade, PICK.answer_key


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    return [attr(value, "prompt")], list(attr(value, "choices", []))


def spoken_texts(value: Mapping) -> list[str]:
    return [value["text"]]


def heard_text(value: Mapping) -> str:
    return value["text"]

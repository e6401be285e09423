"""Minimal pair: the learner hears one of two words that differ by one sound
contrast Korean lacks (the rendered audio; the browser's speech while none is
rendered); which was it? One part.

Rules: exactly two different words, and the answer is one of them. The page
never names the answer: the words are shown in alphabetical order and the
audio is fetched by exercise, not by text (lessons.listening).
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

from lessons.phonetics import SOUND_TRAP_LABELS

from .base import (
    PickOne,
    PickOneBlock,
    Problem,
    attr,
    feedback_blocks,
)


class MinimalPairBlock(PickOneBlock):
    options = "words"
    words = blocks.ListBlock(
        blocks.CharBlock(label=gettext_lazy("Word")),
        min_num=2,
        max_num=2,
        label=gettext_lazy("The two words"),
    )
    answer = blocks.CharBlock(label=gettext_lazy("The word the learner hears"))
    contrast = blocks.ChoiceBlock(
        choices=list(SOUND_TRAP_LABELS.items()), label=gettext_lazy("Sound contrast")
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "radio-full"
        label = gettext_lazy("Minimal pair")
        template = "lessons/blocks/minimal_pair.html"
        preview_value = {
            "prompt": "Which word do you hear?",
            "words": ["fan", "pan"],
            "answer": "fan",
            "contrast": "f/p",
        }


def validate(value: Mapping) -> list[Problem]:
    words = list(value["words"])
    if len(words) != 2 or words[0] == words[1]:
        return [(("words",), _("Give two different words."))]
    if value["answer"] not in words:
        return [(("answer",), _("The answer must be one of the two words."))]
    return []


PICK = PickOne("words", "answer", gettext_lazy("That word is not one of this exercise's words."))
parse, grade, answer_key = PICK.parse, PICK.grade, PICK.answer_key


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    return [attr(value, "prompt")], list(attr(value, "words", []))


def spoken_texts(value: Mapping) -> list[str]:
    return list(value["words"])


def heard_text(value: Mapping) -> str:
    return value["answer"]

"""Hear the letter: the learner hears a letter's name, or a word that starts
with the letter's sound, and picks the letter among two to four shown. One part.

Rules: `text` is what plays (the rendered audio, or the browser's speech while
none is rendered): a letter ("B" is read "bee") or a word ("bus"); `answer` is
the letter picked, one of `choices`; the choices are two to four English
letters that differ beyond their case (hearing tells no capital from a small
letter, so a choice is right in either case). The page never names the text
or the answer before the answer: the choices are shown in alphabetical order
and the audio is fetched by exercise (lessons.listening).
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
from .type_letter import LETTERS

MIN_CHOICES, MAX_CHOICES = 2, 4


class HearLetterBlock(PickOneBlock):
    text = blocks.CharBlock(label=gettext_lazy("What the learner hears (a letter or a word)"))
    answer = blocks.CharBlock(max_length=1, label=gettext_lazy("The letter to pick"))
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=1, label=gettext_lazy("Letter")),
        min_num=MIN_CHOICES,
        max_num=MAX_CHOICES,
        label=gettext_lazy("Letters shown (one of them is the answer)"),
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "media"
        label = gettext_lazy("Hear the letter")
        template = "lessons/blocks/hear_letter.html"
        preview_value = {
            "prompt": "Which letter do you hear?",
            "text": "B",
            "answer": "B",
            "choices": ["B", "P", "V"],
        }


def validate(value: Mapping) -> list[Problem]:
    if not attr(value, "text").strip():
        return [(("text",), _("Give the letter or the word the learner hears."))]
    choices = list(attr(value, "choices", []))
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        return [(("choices",), _("Give two to four choices."))]
    seen: set[str] = set()
    for i, choice in enumerate(choices):
        if choice not in LETTERS:
            return [(("choices", i), _("A choice is one English letter, A to Z or a to z."))]
        if choice.lower() in seen:
            return [(("choices", i), _("This choice is the same as another one."))]
        seen.add(choice.lower())
    if attr(value, "answer").lower() not in seen:
        return [(("answer",), _("The letter to pick must be one of the choices."))]
    return []


PICK = PickOne(
    "choices", "answer", gettext_lazy("That choice is not one of this exercise's options.")
)
parse, grade, answer_key = PICK.parse, PICK.grade, PICK.answer_key


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    # The letters are no words; a word heard is not read either (it is not shown).
    return [attr(value, "prompt")], []


def spoken_texts(value: Mapping) -> list[str]:
    return [value["text"]]


def heard_text(value: Mapping) -> str:
    return value["text"]

"""Dictation (listen and type): the learner hears the text (the rendered audio;
the browser's speech while none is rendered) and types it. The page never
carries the text (lessons.listening).

Each word of the text is a part, aligned with difflib so that one missed word
does not fail the rest; each extra word is one more wrong part.
"""

import difflib
from collections.abc import Mapping

from django.utils.translation import gettext_lazy

from wagtail import blocks

from .base import ExerciseBlock, Grade, Marks, Problem, attr, feedback_blocks, graded, single
from .text import words


class DictationBlock(ExerciseBlock):
    text = blocks.CharBlock(label=gettext_lazy("Text the learner hears"))
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "microphone"
        label = gettext_lazy("Dictation")
        template = "lessons/blocks/dictation.html"
        preview_value = {"prompt": "Listen and type.", "text": "The pharmacy is open."}


def validate(value: Mapping) -> list[Problem]:
    # Any text can be spoken; the required field is the only rule.
    return []


def parse(data) -> dict:
    return {"text": single(data, "text")}


def grade(value: Mapping, answer: dict) -> Grade:
    key, given = words(value["text"]), words(answer["text"])
    matcher = difflib.SequenceMatcher(a=key, b=given, autojunk=False)
    hit = set()
    for block in matcher.get_matching_blocks():
        hit.update(range(block.a, block.a + block.size))
    parts = [i in hit for i in range(len(key))]
    parts += [False] * max(0, len(given) - len(key))
    return graded(value, Marks(parts, [value["text"]]))


def answer_key(value: Mapping) -> dict:
    return {"text": value["text"]}


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    return [attr(value, "prompt"), attr(value, "text")], []


def spoken_texts(value: Mapping) -> list[str]:
    return [value["text"]]


def heard_text(value: Mapping) -> str:
    return value["text"]

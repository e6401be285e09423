"""Dictation (listen and type): the learner hears the text (the rendered audio;
the browser's speech while none is rendered) and types it. The page never
carries the text (lessons.listening).

Each word of the text is a part, aligned with difflib so that one missed word
does not fail the rest; each extra word is one more wrong part. A word typed
in place of its key word counts when it is nearly right, and so do words
typed with the spaces in other places ("icecream" for "ice cream"): the one
typo rule, `text.spelling`, shared with gap fill and reviews.
"""

import difflib
from collections.abc import Mapping

from django.utils.translation import gettext_lazy

from wagtail import blocks

from .base import ExerciseBlock, Grade, Marks, Problem, attr, feedback_blocks, graded, single
from .text import word_close, words


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
    hit, near, extra = aligned(key, given)
    parts = [i in hit for i in range(len(key))] + [False] * extra
    return graded(value, Marks(parts, [value["text"]], nearly=bool(near)))


def aligned(key: list[str], given: list[str]) -> tuple[set[int], set[int], int]:
    """Key word positions typed right, those among them typed nearly right, and
    how many typed words are extra."""
    hit, near, extra = set(), set(), 0
    matcher = difflib.SequenceMatcher(a=key, b=given, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            hit.update(range(i1, i2))
        elif tag == "replace" and "".join(key[i1:i2]) == "".join(given[j1:j2]):
            near.update(range(i1, i2))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            pairs = zip(range(i1, i2), range(j1, j2), strict=True)
            near.update(i for i, j in pairs if word_close(key[i], given[j]))
        elif tag in ("replace", "insert"):
            extra += max(0, (j2 - j1) - (i2 - i1))
    return hit | near, near, extra


def answer_key(value: Mapping) -> dict:
    return {"text": value["text"]}


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    return [attr(value, "prompt"), attr(value, "text")], []


def spoken_texts(value: Mapping) -> list[str]:
    return [value["text"]]


def heard_text(value: Mapping) -> str:
    return value["text"]

"""Matching pairs: each left item is a part, right when the chosen right-hand
item has the text of its own pair (so two identical right items are both right).
The right-hand items are shown in an order fixed by the block id.
"""

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

from lessons.exceptions import AnswerFormatError

from .base import (
    ExerciseBlock,
    Grade,
    Marks,
    Problem,
    attr,
    feedback_blocks,
    graded,
    index,
    numbered,
    shuffled,
)
from .text import normalise

MATCH_FIELD_RE = re.compile(r"^match-(\d+)$")


class PairBlock(blocks.StructBlock):
    left = blocks.CharBlock(label=gettext_lazy("Left"))
    right = blocks.CharBlock(label=gettext_lazy("Right"))


class MatchingBlock(ExerciseBlock):
    pairs = blocks.ListBlock(PairBlock(), min_num=2, label=gettext_lazy("Pairs"))
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "link"
        label = gettext_lazy("Matching pairs")
        template = "lessons/blocks/matching.html"
        preview_value = {
            "prompt": "Match the words.",
            "pairs": [{"left": "pharmacy", "right": "약국"}, {"left": "bank", "right": "은행"}],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        rights = [pair["right"] for pair in value["pairs"]]
        context["right_options"] = [
            (j, rights[j]) for j in shuffled(rights, str(context.get("id") or ""))
        ]
        return context


def validate(value: Mapping) -> list[Problem]:
    # At least two pairs is the list's own rule; nothing more to check.
    return []


def parse(data) -> dict:
    chosen = numbered(data, MATCH_FIELD_RE)
    return {"matches": tuple(index(raw) if raw.strip() else None for raw in chosen)}


def grade(value: Mapping, answer: dict) -> Grade:
    rights = [normalise(attr(pair, "right")) for pair in value["pairs"]]
    chosen = answer["matches"]
    if len(chosen) != len(rights) or any(j is not None and j >= len(rights) for j in chosen):
        raise AnswerFormatError(_("The matches do not fit this exercise."))
    parts = [j is not None and rights[j] == rights[i] for i, j in enumerate(chosen)]
    expected = [f"{attr(p, 'left')} = {attr(p, 'right')}" for p in value["pairs"]]
    return graded(value, Marks(parts, expected))


def answer_key(value: Mapping) -> dict:
    return {"matches": tuple(range(len(value["pairs"])))}


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    return [attr(value, "prompt")], [attr(pair, "left") for pair in attr(value, "pairs", [])]

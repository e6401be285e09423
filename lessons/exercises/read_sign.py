"""Read the sign: the learner sees a sign's English text, shown as a sign, and
picks what it means among two to four Korean choices. One part.

Rules: `sign` is the sign's English (EXIT, PUSH, CLOSED, NO SMOKING); `answer`
is its meaning in Korean and one of `choices`; the choices are two to four
Korean texts (each with Hangul) that grading can tell apart (spaces and
punctuation ignored). The choices are shown in alphabetical order.
"""

import re
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
MAX_SIGN = 60
HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")


class ReadSignBlock(PickOneBlock):
    sign = blocks.CharBlock(max_length=MAX_SIGN, label=gettext_lazy("The sign's English text"))
    answer = blocks.CharBlock(label=gettext_lazy("What it means (Korean)"))
    choices = blocks.ListBlock(
        blocks.CharBlock(label=gettext_lazy("Meaning (Korean)")),
        min_num=MIN_CHOICES,
        max_num=MAX_CHOICES,
        label=gettext_lazy("Meanings shown (one of them is the answer)"),
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "warning"
        label = gettext_lazy("Read the sign")
        template = "lessons/blocks/read_sign.html"
        preview_value = {
            "prompt": "What does this sign say?",
            "sign": "EXIT",
            "answer": "나가는 곳",
            "choices": ["나가는 곳", "들어가는 곳", "화장실"],
        }


def validate(value: Mapping) -> list[Problem]:
    if not attr(value, "sign").strip():
        return [(("sign",), _("Give the sign's English text."))]
    choices = list(attr(value, "choices", []))
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        return [(("choices",), _("Give two to four choices."))]
    seen: set[str] = set()
    for i, choice in enumerate(choices):
        if not HANGUL_RE.search(choice):
            return [(("choices", i), _("Write each meaning in Korean."))]
        if normalise(choice) in seen:
            return [(("choices", i), _("This choice is the same as another one."))]
        seen.add(normalise(choice))
    if normalise(attr(value, "answer")) not in seen:
        return [(("answer",), _("The meaning must be one of the choices."))]
    return []


PICK = PickOne(
    "choices", "answer", gettext_lazy("That choice is not one of this exercise's options.")
)
parse, grade, answer_key = PICK.parse, PICK.grade, PICK.answer_key


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    return [attr(value, "prompt")], [attr(value, "sign")]

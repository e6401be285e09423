"""Gap fill (cloze): `[[a|b]]` marks a blank whose accepted answers are a and b.

BLANK is the one pattern of a blank: two brackets, text without brackets,
two brackets. Each blank is a part, right when `text.spelling` finds it right
or nearly right (a slip in its spelling).
Rules: the text has at least one blank, and every blank has an answer.
"""

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

from lessons.exceptions import AnswerFormatError

from .base import ExerciseBlock, Grade, Marks, Problem, attr, feedback_blocks, graded, numbered
from .text import Spelling, spelling

BLANK = re.compile(r"\[\[([^\[\]]+)\]\]")
BLANK_FIELD_RE = re.compile(r"^blank-(\d+)$")
HELP = gettext_lazy("Mark each blank as [[answer]]; accepted alternatives as [[answer|other]].")


class GapFillBlock(ExerciseBlock):
    text = blocks.TextBlock(
        label=gettext_lazy("Text"),
        help_text=HELP,
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "edit"
        label = gettext_lazy("Gap fill")
        template = "lessons/blocks/gap_fill.html"
        preview_value = {
            "prompt": "Fill in the blanks.",
            "text": "I need to [[fill]] this [[prescription]].",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["segments"] = gap_segments(value["text"])
        return context


def blanks(text: str) -> list[tuple[str, ...]]:
    """The accepted answers of each `[[a|b]]` blank of a gap-fill text."""
    return [
        tuple(alt.strip() for alt in match.group(1).split("|") if alt.strip())
        for match in BLANK.finditer(text)
    ]


def fill_blanks(text: str) -> str:
    """The gap-fill text with each blank filled with its first answer."""
    return BLANK.sub(lambda m: m.group(1).split("|")[0].strip(), text)


def gap_segments(text: str) -> list[dict]:
    """Split gap-fill text into text pieces and numbered blanks, keeping the order."""
    segments: list[dict] = []
    position = 0
    for number, match in enumerate(BLANK.finditer(text)):
        segments.append({"text": text[position : match.start()]})
        segments.append({"blank": number, "size": max(len(a) for a in match[1].split("|"))})
        position = match.end()
    segments.append({"text": text[position:]})
    return [segment for segment in segments if segment.get("text") != ""]


def validate(value: Mapping) -> list[Problem]:
    found = blanks(value["text"])
    if not found:
        return [(("text",), _("Mark at least one blank as [[answer]]."))]
    if not all(found):
        return [(("text",), str(HELP))]
    return []


def parse(data) -> dict:
    return {"blanks": tuple(numbered(data, BLANK_FIELD_RE))}


def grade(value: Mapping, answer: dict) -> Grade:
    accepted = blanks(value["text"])
    given = answer["blanks"]
    if len(given) != len(accepted):
        raise AnswerFormatError(_("Fill in every blank."))
    found = [spelling(alts, text) for text, alts in zip(given, accepted, strict=True)]
    parts = [verdict != Spelling.WRONG for verdict in found]
    nearly = Spelling.CLOSE in found
    return graded(value, Marks(parts, [alts[0] for alts in accepted], nearly=nearly))


def answer_key(value: Mapping) -> dict:
    return {"blanks": tuple(alts[0] for alts in blanks(value["text"]))}


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    return [attr(value, "prompt"), fill_blanks(attr(value, "text"))], []

"""Multiple choice: one or several right options.

With one right option the answer is right or wrong (one part); with several,
each option is a part, right when chosen exactly if it is correct, and the
score is the share of right parts. Rule: at least one option is correct.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

from lessons.exceptions import AnswerFormatError

from .base import ExerciseBlock, Grade, Marks, Problem, attr, feedback_blocks, graded, index, values


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=gettext_lazy("Choice"))
    correct = blocks.BooleanBlock(required=False, label=gettext_lazy("Correct"))


class MultipleChoiceBlock(ExerciseBlock):
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, label=gettext_lazy("Choices"))
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "tasks"
        label = gettext_lazy("Multiple choice")
        template = "lessons/blocks/multiple_choice.html"
        preview_value = {
            "prompt": "Where do you buy medicine?",
            "choices": [
                {"text": "at a pharmacy", "correct": True},
                {"text": "at a bank", "correct": False},
            ],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["multiple"] = several_right(value)
        return context


def several_right(value: Mapping) -> bool:
    """Whether the options are checkboxes (not exactly one right option)."""
    return sum(1 for choice in value["choices"] if choice.get("correct")) != 1


def validate(value: Mapping) -> list[Problem]:
    if not any(attr(choice, "correct", False) for choice in value["choices"]):
        return [(("choices",), _("Mark at least one choice as correct."))]
    return []


def parse(data) -> dict:
    chosen = values(data, "choice")
    if not chosen:
        raise AnswerFormatError(_("Choose at least one answer."))
    return {"choices": tuple(sorted({index(raw) for raw in chosen}))}


def grade(value: Mapping, answer: dict) -> Grade:
    key = [bool(attr(choice, "correct")) for choice in value["choices"]]
    chosen = set(answer["choices"])
    if not chosen <= set(range(len(key))):
        raise AnswerFormatError(_("That choice is not one of this exercise's options."))
    expected = [attr(c, "text") for c, right in zip(value["choices"], key, strict=True) if right]
    if sum(key) == 1:
        return graded(value, Marks([chosen == {key.index(True)}], expected))
    return graded(value, Marks([(i in chosen) == right for i, right in enumerate(key)], expected))


def answer_key(value: Mapping) -> dict:
    return {"choices": tuple(i for i, c in enumerate(value["choices"]) if attr(c, "correct"))}


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    return [attr(value, "prompt")], [attr(choice, "text") for choice in attr(value, "choices", [])]

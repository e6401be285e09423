"""Listen and choose: the learner hears an English text they cannot read on the
page and chooses among written options (what was said, what it means, or a
fitting reply). The options, their rule and their grading are multiple
choice's: at least one option is correct; one right option is one part.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy

from wagtail import blocks

from . import multiple_choice
from .base import ExerciseBlock, attr, feedback_blocks

validate = multiple_choice.validate
parse = multiple_choice.parse
grade = multiple_choice.grade
answer_key = multiple_choice.answer_key


class ListenChooseBlock(ExerciseBlock):
    text = blocks.CharBlock(label=gettext_lazy("Text the learner hears"))
    choices = blocks.ListBlock(
        multiple_choice.ChoiceBlock(), min_num=2, label=gettext_lazy("Choices")
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "microphone"
        label = gettext_lazy("Listen and choose")
        template = "lessons/blocks/listen_choose.html"
        preview_value = {
            "prompt": "What did you hear?",
            "text": "The pharmacy closes at nine.",
            "choices": [
                {"text": "약국은 아홉 시에 문을 닫습니다.", "correct": True},
                {"text": "약국은 아홉 시에 문을 엽니다.", "correct": False},
            ],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["multiple"] = multiple_choice.several_right(value)
        return context


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    prose, choices = multiple_choice.english_text(value)
    return [*prose, attr(value, "text")], choices


def spoken_texts(value: Mapping) -> list[str]:
    return [value["text"]]

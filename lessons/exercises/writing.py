"""Writing (write it yourself): a short email, a line of a résumé, an answer to an
interview question, written by the learner and sent to their tutor, who comments.

Not graded by rule: there is no one right text. An answer is accepted when it
holds between `min_words` and `max_words` words (counted as the shared text
rules count them, `text.words`, so the phone counts as the server does); an
accepted answer grades 1 (one right part) and so counts in the lesson's score
as an exercise done, which is what a learner expects of a task they finished
and sent. An answer outside the limits, empty, or unreadable raises
`AnswerFormatError` with a message naming what to do, and nothing is kept.
The model answer, when there is one, is shown after sending (the Grade's
`expected`); the tutor's comment comes later (progress.writing).

SENT_TO_TUTOR marks the type whose accepted answers become submissions
(`lessons.grading.sent_to_tutor`).
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

from lessons.exceptions import AnswerFormatError

from .base import ExerciseBlock, Grade, Problem, attr, single
from .text import RULES, words

SENT_TO_TUTOR = True
# The feedback on sending, shared with the browser's grader (grading_rules.json).
SENT = RULES["feedback"]["sent"]
# A few sentences to a short email: longer texts belong with a tutor, not a phone.
LARGEST_MAX_WORDS = 300
TASKS = [
    ("email", gettext_lazy("A short email")),
    ("resume_line", gettext_lazy("A résumé line")),
    ("interview_answer", gettext_lazy("An answer to an interview question")),
    ("other", gettext_lazy("Other")),
]


class WritingBlock(ExerciseBlock):
    task = blocks.ChoiceBlock(choices=TASKS, default="email", label=gettext_lazy("Task"))
    instructions_ko = blocks.TextBlock(required=False, label=gettext_lazy("Instructions (Korean)"))
    model_answer = blocks.TextBlock(
        required=False,
        label=gettext_lazy("Model answer"),
        help_text=gettext_lazy("Shown to the learner after they send their own."),
    )
    min_words = blocks.IntegerBlock(min_value=1, default=5, label=gettext_lazy("Fewest words"))
    max_words = blocks.IntegerBlock(
        min_value=1, max_value=LARGEST_MAX_WORDS, default=80, label=gettext_lazy("Most words")
    )

    class Meta:
        icon = "edit"
        label = gettext_lazy("Writing")
        template = "lessons/blocks/writing.html"
        preview_value = {
            "prompt": "Write a short email to your teacher: you are sick today.",
            "task": "email",
            "min_words": 10,
            "max_words": 60,
        }


def word_count(text: str) -> int:
    return len(words(text))


def validate(value: Mapping) -> list[Problem]:
    low, high = attr(value, "min_words", 1), attr(value, "max_words", 1)
    if not (isinstance(low, int) and isinstance(high, int)):
        return [(("min_words",), _("The word limits must be whole numbers."))]
    if not 1 <= low <= high:
        return [
            (("min_words",), _("The fewest words must be 1 or more and at most the most words."))
        ]
    if high > LARGEST_MAX_WORDS:
        message = _("The most words may be %(most)d at most.")
        return [(("max_words",), message % {"most": LARGEST_MAX_WORDS})]
    model = attr(value, "model_answer")
    if model and not low <= word_count(model) <= high:
        return [(("model_answer",), _("The model answer must keep the word limits itself."))]
    return []


def parse(data) -> dict:
    text = single(data, "text").strip()
    # No words at all, as the shared rules count them: blank, or only punctuation.
    if not words(text):
        raise AnswerFormatError(_("Write your answer first."))
    return {"text": text}


def grade(value: Mapping, answer: dict) -> Grade:
    count = word_count(answer["text"])
    if count < value["min_words"]:
        raise AnswerFormatError(_("Write a little more: this exercise asks for more words."))
    if count > value["max_words"]:
        raise AnswerFormatError(_("Write a little less: this exercise asks for fewer words."))
    model = attr(value, "model_answer")
    return Grade(
        score=1.0,
        parts=(True,),
        feedback=SENT,
        expected=(model,) if model else (),
        sent_to_tutor=True,
    )


def answer_key(value: Mapping) -> dict:
    """The model answer, or with none the prompt's words, repeated up to the fewest words."""
    model = attr(value, "model_answer")
    if model:
        return {"text": model}
    prompt = words(attr(value, "prompt")) or ["answer"]
    needed = attr(value, "min_words", 1)
    return {"text": " ".join((prompt * needed)[: max(needed, 1)])}


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    model = attr(value, "model_answer")
    return [attr(value, "prompt"), *([model] if model else [])], []

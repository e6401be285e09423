"""What every exercise type shares: the block's common fields, the Grade, and
reading submitted form data.

Rules:
- An exercise block has a prompt (English), an optional Korean prompt and,
  after its key, optional feedback when right and when wrong (Korean).
- A grader returns `Marks` (its parts and the key to show); `graded` turns
  them into a `Grade` whose score is the share of right parts, 0 with no
  parts, and whose feedback is the block's own or a default.
- A validation problem is `(path, message)`: the path names the field, then
  an index into a list field (`("alternatives", 1)`). The block's `clean()`
  and the curriculum schema report the same problems, each in its own form.
- Form data is a mapping of field name to a list of strings (a QueryDict or
  a dict); anything that does not fit raises `AnswerFormatError`.
"""

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from accounts.request_values import has_nul, whole_number
from lessons.exceptions import AnswerFormatError

from .text import RULES, normalise

# Rules the browser's grader shares: read from the one rule file (text.RULES_FILE).
MAX_TEXT_LENGTH = RULES["answers"]["max_text_length"]
DEFAULT_RIGHT = RULES["feedback"]["right"]
DEFAULT_WRONG = RULES["feedback"]["wrong"]
FEEDBACK_TAG = "exercise-feedback"

Problem = tuple[tuple[str | int, ...], str]


@dataclass(frozen=True)
class Grade:
    score: float
    parts: tuple[bool, ...]
    feedback: str
    expected: tuple[str, ...]
    # True when the answer matched an accepted alternative rather than the main key.
    alternative: bool = False
    # True when a typed part counted as right with a slip in its spelling (text.spelling).
    nearly: bool = False
    # True for an answer not graded by rule but sent to the learner's tutor (writing).
    sent_to_tutor: bool = False
    correct: bool = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "correct", self.score == 1)


class Marks(NamedTuple):
    """What a grader finds: the parts, the key to show, whether an alternative matched,
    and whether a part counted as right was nearly right (a slip in its spelling)."""

    parts: Sequence[bool]
    expected: Sequence[str]
    alternative: bool = False
    nearly: bool = False

    @property
    def score(self) -> float:
        return sum(self.parts) / len(self.parts) if self.parts else 0.0


def graded(value: Mapping, marks: Marks) -> Grade:
    right = marks.score == 1
    feedback = value.get("feedback_right" if right else "feedback_wrong")
    return Grade(
        score=marks.score,
        parts=tuple(marks.parts),
        feedback=feedback or (DEFAULT_RIGHT if right else DEFAULT_WRONG),
        expected=tuple(marks.expected),
        alternative=right and marks.alternative,
        nearly=marks.nearly,
    )


def graded_choice(
    value: Mapping, answer: Mapping, options: Sequence[str], heard: str, not_an_option: str
) -> Grade:
    """One choice among the exercise's `options` (as `parse` gives it: {"choice": …}),
    right when it is `heard`; a choice that is no option is refused with `not_an_option`."""
    choice = normalise(answer["choice"])
    if choice not in {normalise(option) for option in options}:
        raise AnswerFormatError(not_an_option)
    return graded(value, Marks([choice == normalise(heard)], [heard]))


@dataclass(frozen=True)
class PickOne:
    """`parse`, `grade` and `answer_key` of an exercise whose answer is one of its
    options (the field `options`), the right one in the field `right`; a choice that
    is no option is refused with `not_an_option`."""

    options: str
    right: str
    not_an_option: Any  # a lazy translation, read when an answer is refused

    def parse(self, data) -> dict:
        return {"choice": single(data, "choice")}

    def grade(self, value: Mapping, answer: dict) -> Grade:
        refusal = str(self.not_an_option)
        return graded_choice(value, answer, value[self.options], value[self.right], refusal)

    def answer_key(self, value: Mapping) -> dict:
        return {"choice": value[self.right]}


def attr(item: Any, name: str, default: Any = "") -> Any:
    """A field of a StructValue, a dict from a curriculum file, or an object; None as default."""
    found = item.get(name, default) if hasattr(item, "get") else getattr(item, name, default)
    return default if found is None else found


# --- the block ----------------------------------------------------------------


def feedback_tag(block_id: str) -> str:
    """The extra tags of the message that carries an exercise's feedback back to the
    lesson page when the answer was posted without JavaScript."""
    return f"{FEEDBACK_TAG} {block_id}"


def feedback_blocks():
    return (
        blocks.TextBlock(required=False, label=gettext_lazy("Feedback when right (Korean)")),
        blocks.TextBlock(required=False, label=gettext_lazy("Feedback when wrong (Korean)")),
    )


def exercise_of(block_class: type) -> ModuleType:
    """The exercise type a block belongs to: the module that defines the block."""
    return import_module(block_class.__module__)


class ExerciseBlock(blocks.StructBlock):
    """Fields every exercise has; subclasses add the key between prompt and feedback,
    and their module's `validate` is what `clean()` checks."""

    prompt = blocks.CharBlock(label=gettext_lazy("Prompt"))
    prompt_ko = blocks.CharBlock(required=False, label=gettext_lazy("Prompt (Korean)"))

    def clean(self, value):
        value = super().clean(value)
        problems = exercise_of(type(self)).validate(value)
        if problems:
            raise block_error(problems)
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page, block_id = context.get("page"), context.get("id")
        context["answer_url"] = (
            reverse("progress:answer_exercise", kwargs={"page_id": page.pk, "block_id": block_id})
            if page is not None and page.pk and block_id
            else ""
        )
        context["feedback_tag"] = feedback_tag(block_id) if block_id else ""
        return context


class PickOneBlock(ExerciseBlock):
    """An exercise whose options (the child block named `options`) are shown in
    alphabetical order, so that their place says nothing about the key."""

    options = "choices"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context[self.options] = alphabetical(value[self.options])
        return context


def block_error(problems: list[Problem]) -> StructBlockValidationError:
    """Validation problems as the errors a StructBlock shows beside its fields."""
    fields: dict[str, Any] = {}
    for (name, *index), message in problems:
        if index:
            fields.setdefault(name, {})[index[0]] = ValidationError(message)
        else:
            fields[name] = ValidationError(message)
    return StructBlockValidationError(
        block_errors={
            name: ListBlockValidationError(block_errors=error) if isinstance(error, dict) else error
            for name, error in fields.items()
        }
    )


def shuffled(items: list, seed: str) -> list[int]:
    """Indices of items in an order fixed by seed, never the original order when it can differ."""
    order = sorted(
        range(len(items)), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()
    )
    if order == list(range(len(items))) and len(set(map(str, items))) > 1:
        order = order[1:] + order[:1]
    return order


def alphabetical(texts) -> list[str]:
    """Texts in an order that says nothing about which one is the key."""
    return sorted(texts, key=lambda text: (normalise(text), text))


# --- reading form data ------------------------------------------------------


def values(data: Mapping[str, Sequence[str]], name: str) -> list[str]:
    if hasattr(data, "getlist"):
        found = data.getlist(name)
    else:
        found = data.get(name, [])
        found = [found] if isinstance(found, str) else list(found)
    if any(not isinstance(v, str) or len(v) > MAX_TEXT_LENGTH or has_nul(v) for v in found):
        raise AnswerFormatError(_("The answer is too long or could not be read."))
    return found


def single(data: Mapping[str, Sequence[str]], name: str) -> str:
    found = values(data, name)
    if len(found) != 1:
        raise AnswerFormatError(_("The answer has too many or too few parts."))
    return found[0]


def index(raw: str) -> int:
    number = whole_number(raw.strip())
    if number is None:
        raise AnswerFormatError(_("The answer could not be read. Please answer again."))
    return number


def numbered(data: Mapping[str, Sequence[str]], pattern: re.Pattern) -> list[str]:
    found = {index(m.group(1)): single(data, key) for key in data if (m := pattern.match(key))}
    if sorted(found) != list(range(len(found))):
        raise AnswerFormatError(_("The answer is missing some of its parts."))
    return [found[i] for i in range(len(found))]

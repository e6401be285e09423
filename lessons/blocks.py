"""The lesson body: one StreamBlock of content blocks and exercise blocks.

Block names and field names are the keys of the curriculum files
(content/README.md). Each exercise carries its answer key and its feedback;
rendering helpers here are pure (no queries), and the answer form posts to
``progress:answer_exercise``.
"""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from .grading import alternative_problems
from .phonetics import SOUND_TRAPS

EXERCISE_TYPES = (
    "multiple_choice",
    "gap_fill",
    "matching",
    "word_order",
    "dictation",
    "minimal_pair",
)
BLANK = re.compile(r"\[\[([^\[\]]+)\]\]")
FEEDBACK_TAG = "exercise-feedback"


def shuffled(items: list, seed: str) -> list[int]:
    """Indices of items in an order fixed by seed, never the original order when it can differ."""
    order = sorted(
        range(len(items)), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()
    )
    if order == list(range(len(items))) and len(set(map(str, items))) > 1:
        order = order[1:] + order[:1]
    return order


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


def feedback_tag(block_id: str) -> str:
    """The extra tags of the message that carries an exercise's feedback back to the
    lesson page when the answer was posted without JavaScript."""
    return f"{FEEDBACK_TAG} {block_id}"


def _error(field: str, message: str) -> StructBlockValidationError:
    return StructBlockValidationError(block_errors={field: ValidationError(message)})


# ---------------------------------------------------------------- content


class DialogueLineBlock(blocks.StructBlock):
    speaker = blocks.CharBlock(max_length=60, label=_("Speaker"))
    en = blocks.CharBlock(label=_("English line"))
    ko = blocks.CharBlock(required=False, label=_("Korean line"))


class DialogueBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    lines = blocks.ListBlock(DialogueLineBlock(), min_num=1, label=_("Lines"))

    class Meta:
        icon = "openquote"
        label = _("Dialogue")
        template = "lessons/blocks/dialogue.html"
        preview_value = {
            "title": "At the counter",
            "lines": [
                {"speaker": "Pharmacist", "en": "Can I help you?", "ko": "무엇을 도와드릴까요?"},
                {"speaker": "Min", "en": "I have a cold.", "ko": "감기에 걸렸어요."},
            ],
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(label=_("Text alternative"), help_text=_("What the image shows."))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "lessons/blocks/image.html"


class TipBlock(blocks.StructBlock):
    ko = blocks.TextBlock(label=_("Tip (Korean)"))

    class Meta:
        icon = "help"
        label = _("Tip")
        template = "lessons/blocks/tip.html"
        preview_value = {"ko": "영어에서는 f와 p 소리가 다릅니다."}


class VocabularyListBlock(blocks.StaticBlock):
    class Meta:
        icon = "list-ul"
        label = _("Vocabulary list")
        admin_text = _("Shows the words this lesson teaches.")
        template = "lessons/blocks/vocabulary.html"


# ---------------------------------------------------------------- exercises


class ExerciseBlock(blocks.StructBlock):
    """Fields every exercise has; subclasses add the key between prompt and feedback."""

    prompt = blocks.CharBlock(label=_("Prompt"))
    prompt_ko = blocks.CharBlock(required=False, label=_("Prompt (Korean)"))

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


def feedback_blocks():
    return (
        blocks.TextBlock(required=False, label=_("Feedback when right (Korean)")),
        blocks.TextBlock(required=False, label=_("Feedback when wrong (Korean)")),
    )


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Choice"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))


class MultipleChoiceBlock(ExerciseBlock):
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, label=_("Choices"))
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")
        template = "lessons/blocks/multiple_choice.html"
        preview_value = {
            "prompt": "Where do you buy medicine?",
            "choices": [
                {"text": "at a pharmacy", "correct": True},
                {"text": "at a bank", "correct": False},
            ],
        }

    def clean(self, value):
        value = super().clean(value)
        if not any(choice.get("correct") for choice in value["choices"]):
            raise _error("choices", _("Mark at least one choice as correct."))
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["multiple"] = sum(1 for c in value["choices"] if c.get("correct")) != 1
        return context


class GapFillBlock(ExerciseBlock):
    text = blocks.TextBlock(
        label=_("Text"),
        help_text=_("Mark each blank as [[answer]]; accepted alternatives as [[answer|other]]."),
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "edit"
        label = _("Gap fill")
        template = "lessons/blocks/gap_fill.html"
        preview_value = {
            "prompt": "Fill in the blanks.",
            "text": "I need to [[fill]] this [[prescription]].",
        }

    def clean(self, value):
        value = super().clean(value)
        if not BLANK.search(value["text"]):
            raise _error("text", _("Mark at least one blank as [[answer]]."))
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["segments"] = gap_segments(value["text"])
        return context


class PairBlock(blocks.StructBlock):
    left = blocks.CharBlock(label=_("Left"))
    right = blocks.CharBlock(label=_("Right"))


class MatchingBlock(ExerciseBlock):
    pairs = blocks.ListBlock(PairBlock(), min_num=2, label=_("Pairs"))
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "link"
        label = _("Matching pairs")
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


class WordOrderBlock(ExerciseBlock):
    sentence = blocks.CharBlock(
        label=_("Sentence"), help_text=_("Shown shuffled, split on spaces.")
    )
    alternatives = blocks.ListBlock(
        blocks.CharBlock(label=_("Other order")),
        default=[],
        label=_("Other right orders"),
        help_text=_(
            "Only where another order of exactly the same words is natural English. "
            "Capitals and punctuation may differ."
        ),
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "list-ol"
        label = _("Word order")
        template = "lessons/blocks/word_order.html"
        preview_value = {
            "prompt": "Put the words in order.",
            "sentence": "Where is the nearest pharmacy?",
        }

    def clean(self, value):
        value = super().clean(value)
        problems = alternative_problems(value["sentence"], list(value["alternatives"]))
        if problems:
            errors = {i: ValidationError(problem) for i, problem in problems.items()}
            raise StructBlockValidationError(
                block_errors={"alternatives": ListBlockValidationError(block_errors=errors)}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        tokens = value["sentence"].split()
        context["tokens"] = [tokens[i] for i in shuffled(tokens, str(context.get("id") or ""))]
        return context


class DictationBlock(ExerciseBlock):
    text = blocks.CharBlock(label=_("Text the browser speaks"))
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "microphone"
        label = _("Dictation")
        template = "lessons/blocks/dictation.html"
        preview_value = {"prompt": "Listen and type.", "text": "The pharmacy is open."}


class MinimalPairBlock(ExerciseBlock):
    words = blocks.ListBlock(
        blocks.CharBlock(label=_("Word")), min_num=2, max_num=2, label=_("The two words")
    )
    answer = blocks.CharBlock(label=_("The word the browser speaks"))
    contrast = blocks.ChoiceBlock(
        choices=[(trap, trap) for trap in SOUND_TRAPS], label=_("Sound contrast")
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "radio-full"
        label = _("Minimal pair")
        template = "lessons/blocks/minimal_pair.html"
        preview_value = {
            "prompt": "Which word do you hear?",
            "words": ["fan", "pan"],
            "answer": "fan",
            "contrast": "f/p",
        }

    def clean(self, value):
        value = super().clean(value)
        if value["answer"] not in list(value["words"]):
            raise _error("answer", _("The answer must be one of the two words."))
        return value


# ---------------------------------------------------------------- the body


class LessonStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["bold", "italic", "ol", "ul", "link"],
        icon="pilcrow",
        label=_("Text"),
        template="lessons/blocks/text.html",
        preview_value="<p>People buy <b>medicine</b> at a pharmacy.</p>",
    )
    dialogue = DialogueBlock()
    image = ImageBlock()
    tip = TipBlock()
    vocabulary = VocabularyListBlock()
    multiple_choice = MultipleChoiceBlock()
    gap_fill = GapFillBlock()
    matching = MatchingBlock()
    word_order = WordOrderBlock()
    dictation = DictationBlock()
    minimal_pair = MinimalPairBlock()

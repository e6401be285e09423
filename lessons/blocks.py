"""The lesson body: one StreamBlock of content blocks and exercise blocks.

Block names and field names are the keys of the curriculum files
(content/README.md). The exercise blocks live in `lessons.exercises`, one
module per type with its grading; the stream's exercise children are the
registry of exercise types, so a new type is one line here. Rendering helpers
are pure (no queries), and the answer form posts to ``progress:answer_exercise``.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .exercises.base import feedback_tag, shuffled
from .exercises.dictation import DictationBlock
from .exercises.gap_fill import GapFillBlock, gap_segments
from .exercises.hear_letter import HearLetterBlock
from .exercises.listen_and_choose import ListenAndChooseBlock
from .exercises.matching import MatchingBlock
from .exercises.minimal_pair import MinimalPairBlock
from .exercises.multiple_choice import MultipleChoiceBlock
from .exercises.read_sign import ReadSignBlock
from .exercises.type_letter import TypeLetterBlock
from .exercises.word_order import WordOrderBlock
from .exercises.writing import WritingBlock

# Kept importable from here: the answer view and older code use these names.
__all__ = [
    "DictationBlock",
    "GapFillBlock",
    "LessonStreamBlock",
    "MatchingBlock",
    "MinimalPairBlock",
    "MultipleChoiceBlock",
    "WordOrderBlock",
    "WritingBlock",
    "feedback_tag",
    "gap_segments",
    "shuffled",
]


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
    listen_and_choose = ListenAndChooseBlock()
    type_letter = TypeLetterBlock()
    hear_letter = HearLetterBlock()
    read_sign = ReadSignBlock()
    writing = WritingBlock()

"""Word order: put the shuffled words of a sentence in order.

Each position of the sentence is a part, plus one wrong part when the answer
has extra words. An author may accept other orders of the same words
(`alternatives`: the same multiset of normalised words, none repeating an
accepted order); the answer is marked against the accepted order it matches
best, the main sentence winning ties, and `expected` is always the main
sentence. Blocks stored before alternatives existed have none.
"""

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import blocks

from .base import (
    ExerciseBlock,
    Grade,
    Marks,
    Problem,
    attr,
    feedback_blocks,
    graded,
    shuffled,
    single,
)
from .text import normalise, word_difference, words


class WordOrderBlock(ExerciseBlock):
    sentence = blocks.CharBlock(
        label=gettext_lazy("Sentence"), help_text=gettext_lazy("Shown shuffled, split on spaces.")
    )
    alternatives = blocks.ListBlock(
        blocks.CharBlock(label=gettext_lazy("Other order")),
        default=[],
        label=gettext_lazy("Other right orders"),
        help_text=gettext_lazy(
            "Only where another order of exactly the same words is natural English. "
            "Capitals and punctuation may differ."
        ),
    )
    feedback_right, feedback_wrong = feedback_blocks()

    class Meta:
        icon = "list-ol"
        label = gettext_lazy("Word order")
        template = "lessons/blocks/word_order.html"
        preview_value = {
            "prompt": "Put the words in order.",
            "sentence": "Where is the nearest pharmacy?",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        tokens = value["sentence"].split()
        context["tokens"] = [tokens[i] for i in shuffled(tokens, str(context.get("id") or ""))]
        return context


def alternatives(value: Mapping) -> list[str]:
    return list(value.get("alternatives") or [])


def alternative_problems(sentence: str, others: Sequence[str]) -> dict[int, str]:
    """{index: why it cannot be accepted} for each other order of a word-order sentence
    that does not use exactly the sentence's words, or repeats an accepted order."""
    problems, accepted = {}, {normalise(sentence)}
    for i, other in enumerate(others):
        missing, extra = word_difference(sentence, other)
        if missing or extra:
            problems[i] = different_words_message(missing, extra)
        elif normalise(other) in accepted:
            problems[i] = _("This order is already accepted.")
        accepted.add(normalise(other))
    return problems


def different_words_message(missing: list[str], extra: list[str]) -> str:
    problems = [_("Use exactly the words of the sentence, in another order.")]
    if missing:
        problems.append(_("Missing: %(words)s.") % {"words": ", ".join(missing)})
    if extra:
        problems.append(_("Not in the sentence: %(words)s.") % {"words": ", ".join(extra)})
    return " ".join(problems)


def validate(value: Mapping) -> list[Problem]:
    problems = alternative_problems(value["sentence"], alternatives(value))
    return [(("alternatives", i), problem) for i, problem in problems.items()]


def parse(data) -> dict:
    return {"sentence": single(data, "sentence")}


def grade(value: Mapping, answer: dict) -> Grade:
    given = words(answer["sentence"])
    orders = [value["sentence"], *alternatives(value)]
    marked = [positions(words(order), given) for order in orders]
    # max keeps the first of equals, so the main sentence wins ties.
    best = max(range(len(marked)), key=lambda i: sum(marked[i]) / max(len(marked[i]), 1))
    return graded(value, Marks(marked[best], [value["sentence"]], alternative=best > 0))


def positions(key: list[str], given: list[str]) -> list[bool]:
    parts = [i < len(given) and given[i] == word for i, word in enumerate(key)]
    if len(given) > len(key):
        parts.append(False)
    return parts


def answer_key(value: Mapping) -> dict:
    return {"sentence": value["sentence"]}


def other_answers(value: Mapping) -> list[dict]:
    """The answers besides the key that grade 1: each accepted alternative."""
    return [{"sentence": other} for other in alternatives(value)]


def english_text(value: Mapping) -> tuple[list[str], list[str]]:
    return [attr(value, "prompt"), attr(value, "sentence")], []

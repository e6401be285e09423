"""Grading of exercise answers: pure functions of (block value, answer).

`parse_answer` turns submitted form data (a mapping of field name to a list of
strings) into a plain answer dict, or raises `AnswerFormatError`; `grade` scores
that answer against the block's value (a StructValue or a dict with the same
keys) and returns a `Grade`.

Rules:
- Free text is compared after `normalise`: Unicode NFKC, curly quotes made
  straight, case folded, punctuation dropped (apostrophes too, so "don't" and
  "dont" match), runs of spaces collapsed, and each word mapped to its American
  spelling (breame's table), so British and American spellings are both right.
  `normalise` is idempotent.
- multiple_choice: with one right option the answer is right or wrong (one
  part); with several, each option is a part, right when chosen exactly if it is
  correct, and the score is the share of right parts.
- gap_fill: `[[a|b]]` marks a blank whose accepted answers are a and b; each
  blank is a part.
- matching: each left item is a part, right when the chosen right-hand item has
  the text of its own pair.
- word_order: each position of the sentence is a part. An author may accept
  other orders of the same words (`alternatives`, same multiset of normalised
  words); the answer is marked against the accepted order it matches best, the
  main sentence winning ties, and `expected` is always the main sentence.
  `alternative_problems` says which alternatives break the same-words rule.
- dictation: each word of the text is a part, aligned with difflib so that one
  missed word does not fail the rest; extra words lower the score.
- minimal_pair: one part.
`Grade.correct` is true exactly when the score is 1.

Malformed answers raise AnswerFormatError with a message for the learner, in the
language active when grading runs.
"""

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from breame.spelling import get_american_spelling

from lessons.exceptions import AnswerFormatError

MAX_TEXT_LENGTH = 2000
BLANK_RE = re.compile(r"\[\[(.+?)\]\]")
BLANK_FIELD_RE = re.compile(r"^blank-(\d+)$")
MATCH_FIELD_RE = re.compile(r"^match-(\d+)$")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
DEFAULT_RIGHT = "맞았습니다."
DEFAULT_WRONG = "다시 한번 보십시오."


@dataclass(frozen=True)
class Grade:
    score: float
    parts: tuple[bool, ...]
    feedback: str
    expected: tuple[str, ...]
    # True when the answer matched an accepted alternative rather than the main key.
    alternative: bool = False
    correct: bool = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "correct", self.score == 1)


# --- text -----------------------------------------------------------------


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()
    text = unicodedata.normalize("NFKC", text)
    text = "".join(
        " " if unicodedata.category(ch)[0] in "PSZC" and ch != "'" else ch for ch in text
    )
    return [american(word) for word in text.replace("'", "").split()]


def american(word: str) -> str:
    spelled = get_american_spelling(word)
    return spelled if spelled.isalpha() else word


def normalise(text: str) -> str:
    return " ".join(words(text))


def blanks(text: str) -> list[tuple[str, ...]]:
    """The accepted answers of each `[[a|b]]` blank of a gap-fill text."""
    return [
        tuple(alt.strip() for alt in match.group(1).split("|") if alt.strip())
        for match in BLANK_RE.finditer(text)
    ]


def word_difference(sentence: str, other: str) -> tuple[list[str], list[str]]:
    """The normalised words `other` lacks and those it adds, compared with `sentence`."""
    key, given = Counter(words(sentence)), Counter(words(other))
    return sorted((key - given).elements()), sorted((given - key).elements())


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


def fill_blanks(text: str) -> str:
    """The gap-fill text with each blank filled with its first answer."""
    return BLANK_RE.sub(lambda m: m.group(1).split("|")[0].strip(), text)


# --- parsing form data ----------------------------------------------------


def parse_answer(block_type: str, data: Mapping[str, Sequence[str]]) -> dict:
    parser = PARSERS.get(block_type)
    if parser is None:
        raise AnswerFormatError(_("This exercise cannot be answered here."))
    return parser(data)


def values(data: Mapping[str, Sequence[str]], name: str) -> list[str]:
    if hasattr(data, "getlist"):
        found = data.getlist(name)
    else:
        found = data.get(name, [])
        found = [found] if isinstance(found, str) else list(found)
    if any(not isinstance(v, str) or len(v) > MAX_TEXT_LENGTH for v in found):
        raise AnswerFormatError(_("The answer is too long or could not be read."))
    return found


def single(data: Mapping[str, Sequence[str]], name: str) -> str:
    found = values(data, name)
    if len(found) != 1:
        raise AnswerFormatError(_("The answer has too many or too few parts."))
    return found[0]


def index(raw: str, name: str) -> int:
    if not raw.strip().isdigit():
        raise AnswerFormatError(_("The answer could not be read. Please answer again."))
    return int(raw)


def numbered(data: Mapping[str, Sequence[str]], pattern: re.Pattern) -> list[str]:
    found = {int(m.group(1)): single(data, key) for key in data if (m := pattern.match(key))}
    if sorted(found) != list(range(len(found))):
        raise AnswerFormatError(_("The answer is missing some of its parts."))
    return [found[i] for i in range(len(found))]


def parse_multiple_choice(data):
    chosen = values(data, "choice")
    if not chosen:
        raise AnswerFormatError(_("Choose at least one answer."))
    return {"choices": tuple(sorted({index(raw, "choice") for raw in chosen}))}


def parse_gap_fill(data):
    return {"blanks": tuple(numbered(data, BLANK_FIELD_RE))}


def parse_matching(data):
    chosen = numbered(data, MATCH_FIELD_RE)
    return {"matches": tuple(index(raw, "match") if raw.strip() else None for raw in chosen)}


PARSERS = {
    "multiple_choice": parse_multiple_choice,
    "gap_fill": parse_gap_fill,
    "matching": parse_matching,
    "word_order": lambda data: {"sentence": single(data, "sentence")},
    "dictation": lambda data: {"text": single(data, "text")},
    "minimal_pair": lambda data: {"choice": single(data, "choice")},
}


# --- grading ----------------------------------------------------------------


def grade(block_type: str, value: Mapping, answer: dict) -> Grade:
    grader = GRADERS.get(block_type)
    if grader is None:
        raise AnswerFormatError(_("This exercise cannot be answered here."))
    try:
        marks = Marks(*grader(value, answer))
    except (KeyError, TypeError) as error:
        raise AnswerFormatError(_("The answer does not fit this exercise.")) from error
    return graded(value, marks)


class Marks(NamedTuple):
    """What a grader returns: the parts, the key to show, and whether an alternative matched."""

    parts: Sequence[bool]
    expected: Sequence[str]
    alternative: bool = False

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
    )


def attr(item: Any, name: str) -> Any:
    return item.get(name) if hasattr(item, "get") else getattr(item, name)


def grade_multiple_choice(value: Mapping, answer: dict):
    key = [bool(attr(choice, "correct")) for choice in value["choices"]]
    chosen = set(answer["choices"])
    if not chosen <= set(range(len(key))):
        raise AnswerFormatError(_("That choice is not one of this exercise's options."))
    expected = [attr(c, "text") for c, right in zip(value["choices"], key, strict=True) if right]
    if sum(key) == 1:
        return [chosen == {key.index(True)}], expected
    return [(i in chosen) == right for i, right in enumerate(key)], expected


def grade_gap_fill(value: Mapping, answer: dict):
    accepted = blanks(value["text"])
    given = answer["blanks"]
    if len(given) != len(accepted):
        raise AnswerFormatError(_("Fill in every blank."))
    parts = [
        normalise(text) in {normalise(alt) for alt in alts}
        for text, alts in zip(given, accepted, strict=True)
    ]
    return parts, [alts[0] for alts in accepted]


def grade_matching(value: Mapping, answer: dict):
    rights = [normalise(attr(pair, "right")) for pair in value["pairs"]]
    chosen = answer["matches"]
    if len(chosen) != len(rights) or any(j is not None and j >= len(rights) for j in chosen):
        raise AnswerFormatError(_("The matches do not fit this exercise."))
    parts = [j is not None and rights[j] == rights[i] for i, j in enumerate(chosen)]
    expected = [f"{attr(p, 'left')} = {attr(p, 'right')}" for p in value["pairs"]]
    return parts, expected


def grade_word_order(value: Mapping, answer: dict) -> Marks:
    given = words(answer["sentence"])
    orders = [value["sentence"], *alternatives(value)]
    marked = [positions(words(order), given) for order in orders]
    # max keeps the first of equals, so the main sentence wins ties.
    best = max(range(len(marked)), key=lambda i: sum(marked[i]) / max(len(marked[i]), 1))
    return Marks(marked[best], [value["sentence"]], alternative=best > 0)


def alternatives(value: Mapping) -> list[str]:
    """A word-order block's other accepted orders (none in data written before they existed)."""
    return list(value.get("alternatives") or [])


def positions(key: list[str], given: list[str]) -> list[bool]:
    parts = [i < len(given) and given[i] == word for i, word in enumerate(key)]
    if len(given) > len(key):
        parts.append(False)
    return parts


def grade_dictation(value: Mapping, answer: dict):
    key, given = words(value["text"]), words(answer["text"])
    matcher = difflib.SequenceMatcher(a=key, b=given, autojunk=False)
    hit = set()
    for block in matcher.get_matching_blocks():
        hit.update(range(block.a, block.a + block.size))
    parts = [i in hit for i in range(len(key))]
    parts += [False] * max(0, len(given) - len(key))
    return parts, [value["text"]]


def grade_minimal_pair(value: Mapping, answer: dict):
    options = {normalise(word) for word in value["words"]}
    choice = normalise(answer["choice"])
    if choice not in options:
        raise AnswerFormatError(_("That word is not one of this exercise's words."))
    return [choice == normalise(value["answer"])], [value["answer"]]


GRADERS = {
    "multiple_choice": grade_multiple_choice,
    "gap_fill": grade_gap_fill,
    "matching": grade_matching,
    "word_order": grade_word_order,
    "dictation": grade_dictation,
    "minimal_pair": grade_minimal_pair,
}


def key_answer(block_type: str, value: Mapping) -> dict:
    """The answer that the block's own key gives (what a perfect learner submits)."""
    if block_type == "multiple_choice":
        return {"choices": tuple(i for i, c in enumerate(value["choices"]) if attr(c, "correct"))}
    if block_type == "gap_fill":
        return {"blanks": tuple(alts[0] for alts in blanks(value["text"]))}
    if block_type == "matching":
        return {"matches": tuple(range(len(value["pairs"])))}
    if block_type == "word_order":
        return {"sentence": value["sentence"]}
    if block_type == "dictation":
        return {"text": value["text"]}
    if block_type == "minimal_pair":
        return {"choice": value["answer"]}
    raise AnswerFormatError(_("This exercise cannot be answered here."))


def accepted_answers(block_type: str, value: Mapping) -> list[dict]:
    """Every answer that grades 1: the key, then a word-order block's alternatives."""
    others = alternatives(value) if block_type == "word_order" else []
    return [key_answer(block_type, value)] + [{"sentence": other} for other in others]

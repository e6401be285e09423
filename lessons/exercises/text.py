"""How free text is compared: the one normalisation every grader uses.

`normalise`: Unicode NFKC, curly quotes made straight, case folded,
punctuation dropped (apostrophes too, so "don't" and "dont" match), runs of
spaces collapsed, and each word mapped to its American spelling (breame's
table), so British and American spellings are both right. It is idempotent.

`spelling(accepted, typed)`: the one typo rule for every typed answer, in
lessons and in reviews. After `normalise`, an answer is
- RIGHT when it equals an accepted answer;
- CLOSE ("nearly right") when it has the same words as an accepted answer
  and each differs from its word by at most the word's allowance: no slip in
  a word of up to 3 letters ("cat"/"cot" are different words), one slip in
  4 to 7 letters, two from 8 (the bands of RULES_FILE). A slip is one letter
  added, dropped, changed, or two neighbours swapped (optimal-string-alignment distance); or when it
  differs only by where the spaces fall ("icecream" for "ice cream", "in to"
  for "into"), each typed word being right;
- WRONG otherwise, and always when nothing was typed.
A close answer counts as remembered: a lesson scores the word as right and
shows the right spelling; a review suggests Hard rather than Again.

The constants of these rules (the quotes, which Unicode categories part
words, the typo allowance bands) are data in RULES_FILE, the one file the
browser's port (lessons/static/lessons/grading_text.js, grading.js) reads too, so a rule
changed there changes on both sides. `spellings_for` gives the browser the
part of breame's table that the answers to given keys can need.
"""

import enum
import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS
from breame.spelling import get_american_spelling

RULES_FILE = Path(__file__).resolve().parent.parent / "static" / "lessons" / "grading_rules.json"
RULES = json.loads(RULES_FILE.read_text(encoding="utf-8"))

QUOTES = str.maketrans(RULES["text"]["quotes"])
# Characters of these Unicode categories (a major class like "P", or one like "Pd")
# part words, except KEPT, which joins its neighbours ("don't" is "dont").
SEPARATORS = frozenset(RULES["text"]["separator_categories"])
KEPT = RULES["text"]["kept_then_dropped"]
# (most letters or None for no limit, slips allowed), in order.
ALLOWANCE = tuple((band["up_to_letters"], band["slips"]) for band in RULES["typo_allowance"])


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if separates(ch) else ch for ch in text)
    return [american(word) for word in text.replace(KEPT, "").split()]


def separates(ch: str) -> bool:
    category = unicodedata.category(ch)
    return ch != KEPT and (category in SEPARATORS or category[0] in SEPARATORS)


def american(word: str) -> str:
    spelled = get_american_spelling(word)
    return spelled if spelled.isalpha() else word


def normalise(text: str) -> str:
    return " ".join(words(text))


def word_difference(sentence: str, other: str) -> tuple[list[str], list[str]]:
    """The normalised words `other` lacks and those it adds, compared with `sentence`."""
    key, given = Counter(words(sentence)), Counter(words(other))
    return sorted((key - given).elements()), sorted((given - key).elements())


class Spelling(enum.StrEnum):
    RIGHT = "right"
    CLOSE = "close"
    WRONG = "wrong"


def spelling(accepted: str | Iterable[str], typed: str) -> Spelling:
    """How a typed answer compares with one accepted answer or several (see the module)."""
    keys = [words(a) for a in ([accepted] if isinstance(accepted, str) else accepted)]
    given = words(typed)
    if not given or not any(keys):
        return Spelling.WRONG
    if given in keys:
        return Spelling.RIGHT
    if any(len(key) == len(given) and all(map(word_close, key, given)) for key in keys):
        return Spelling.CLOSE
    if any("".join(key) == "".join(given) for key in keys):
        return Spelling.CLOSE
    return Spelling.WRONG


def word_close(key: str, typed: str) -> bool:
    """Whether a typed word is its key word or within the key's typo allowance."""
    return typo_distance(key, typed) <= typo_allowance(key)


def typo_allowance(word: str) -> int:
    letters = sum(ch.isalnum() for ch in word)
    return next(slips for most, slips in ALLOWANCE if most is None or letters <= most)


def typo_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance between `a` and `b`."""
    previous, current = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[len(b)]


# --- the spellings the browser needs ------------------------------------------


def spellings_for(texts: Iterable[str]) -> dict[str, str]:
    """{British: American} from breame's table, for the browser to grade answers to
    keys in `texts` as `words` and `spelling` do here.

    Any entry of the table is right to send; one is needed when a typed British word
    could be graded differently mapped or not: it is the British spelling of a key
    word, or it or its American spelling is within a key word's typo allowance, or
    either is part of a key's words run together (the "only the spaces differ"
    rule). Pass every text an answer is compared with (a gap-fill text whole will
    do: brackets and bars are punctuation)."""
    found: dict[str, str] = {}
    for text in texts:
        keys = words(text)
        joined = "".join(keys)
        longest = min(len(joined), LONGEST_SPELLING)
        for start in range(len(joined)):
            for end in range(start + 1, start + longest + 1):
                found.update(spelling_entries().get(joined[start:end], {}))
        for key in keys:
            found.update(spellings_near(key))
    return found


@cache
def spellings_near(key: str) -> dict[str, str]:
    """The table's entries whose British or American spelling is within `key`'s
    typo allowance (the key itself included)."""
    slips = typo_allowance(key)
    nearby = {
        spelled for cut in deletions(key, slips) for spelled in spelling_deletions().get(cut, ())
    }
    entries = spelling_entries()
    return {
        british: american_word
        for spelled in nearby
        if word_close(key, spelled)
        for british, american_word in entries[spelled].items()
    }


def deletions(word: str, most: int) -> set[str]:
    """`word` with up to `most` of its characters deleted. Two words within `most`
    slips (OSA) share one: each slip costs at most one deletion on each side."""
    found, edge = {word}, {word}
    for _ in range(most):
        edge = {w[:i] + w[i + 1 :] for w in edge for i in range(len(w))}
        found |= edge
    return found


# The most slips any band allows: the reach of spelling_deletions.
MOST_SLIPS = max(slips for _, slips in ALLOWANCE)
LONGEST_SPELLING = max(map(len, [*BRITISH_ENGLISH_SPELLINGS, *BRITISH_ENGLISH_SPELLINGS.values()]))


@cache
def spelling_entries() -> dict[str, dict[str, str]]:
    """{a British or American spelling in breame's table: its entries}."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for british, american_word in BRITISH_ENGLISH_SPELLINGS.items():
        found[british][british] = american_word
        found[american_word][british] = american_word
    return dict(found)


@cache
def spelling_deletions() -> dict[str, set[str]]:
    """{a table spelling with up to MOST_SLIPS deletions: those spellings}."""
    found: dict[str, set[str]] = defaultdict(set)
    for spelled in spelling_entries():
        for cut in deletions(spelled, MOST_SLIPS):
            found[cut].add(spelled)
    return dict(found)

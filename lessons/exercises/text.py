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
  4 to 7 letters, two from 8. A slip is one letter added, dropped, changed,
  or two neighbours swapped (optimal-string-alignment distance); or when it
  differs only by where the spaces fall ("icecream" for "ice cream", "in to"
  for "into"), each typed word being right;
- WRONG otherwise, and always when nothing was typed.
A close answer counts as remembered: a lesson scores the word as right and
shows the right spelling; a review suggests Hard rather than Again.
"""

import enum
import unicodedata
from collections import Counter
from collections.abc import Iterable

from breame.spelling import get_american_spelling

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "`": "'"})


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
    return 0 if letters <= 3 else 1 if letters <= 7 else 2


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

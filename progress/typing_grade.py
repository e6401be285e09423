"""A suggested FSRS rating for a typed answer (production: Korean prompt, English typed).

Both sides are normalised first: Unicode NFKC, case folded, curly quotes made
straight, whitespace collapsed, punctuation at either end dropped. The distance
is Damerau-Levenshtein in its optimal-string-alignment form (insert, delete,
substitute, swap two neighbours; each costs one edit).

- exact match: Easy when typed quickly (within a time that grows with the
  answer's length), otherwise Good;
- within the typo allowance (none up to 3 letters, 1 up to 7, 2 beyond): Hard;
- anything else, including an empty answer: Again.

The rating is only a suggestion; the learner may change it before it counts.
Pure: no clock; the seconds taken are passed in.
"""

import re
import unicodedata
from collections.abc import Iterable

from fsrs import Rating

EASY_BASE_SECONDS = 3.0
EASY_SECONDS_PER_CHARACTER = 0.3
QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})
EDGE_PUNCTUATION = " \t.,!?;:\"'()[]"


def suggest_rating(expected: str | Iterable[str], typed: str, *, seconds: float) -> Rating:
    """The rating a typed answer suggests, against one accepted answer or several."""
    accepted = [normalise(e) for e in ([expected] if isinstance(expected, str) else expected)]
    answer = normalise(typed)
    if not answer or not any(accepted):
        return Rating.Again
    if answer in accepted:
        quick = EASY_BASE_SECONDS + EASY_SECONDS_PER_CHARACTER * len(answer)
        return Rating.Easy if seconds <= quick else Rating.Good
    if any(typo_distance(a, answer) <= typo_allowance(a) for a in accepted if a):
        return Rating.Hard
    return Rating.Again


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).casefold()
    return re.sub(r"\s+", " ", text).strip(EDGE_PUNCTUATION)


def typo_allowance(answer: str) -> int:
    letters = sum(ch.isalnum() for ch in answer)
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

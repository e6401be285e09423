"""How free text is compared: the one normalisation every grader uses.

`normalise`: Unicode NFKC, curly quotes made straight, case folded,
punctuation dropped (apostrophes too, so "don't" and "dont" match), runs of
spaces collapsed, and each word mapped to its American spelling (breame's
table), so British and American spellings are both right. It is idempotent.
"""

import unicodedata
from collections import Counter

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

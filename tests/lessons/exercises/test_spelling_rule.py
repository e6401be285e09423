"""lessons.exercises.text.spelling: the one typo rule, run on both sides that use it.

Every case is graded as a lesson gap fill, a lesson dictation and a typed
review answer, and must get the same verdict on all three. Pure: no database.
"""

import pytest

from lessons.exercises import dictation, gap_fill
from lessons.exercises.text import Spelling, spelling
from progress.scheduler import Rating
from progress.typing_grade import suggest_rating

CASES = [
    ("please", "please", Spelling.RIGHT),
    ("Please.", "  PLEASE", Spelling.RIGHT),
    ("favourite", "favorite", Spelling.RIGHT),
    ("please", "plese", Spelling.CLOSE),  # a letter dropped
    ("hello", "helo", Spelling.CLOSE),
    ("fine", "fin", Spelling.CLOSE),
    ("receive", "recieve", Spelling.CLOSE),  # two neighbours swapped
    ("appointment", "apointmant", Spelling.CLOSE),  # two slips in a long word
    ("thank you", "thnak you", Spelling.CLOSE),
    ("ice cream", "icecream", Spelling.CLOSE),  # a space dropped
    ("into", "in to", Spelling.CLOSE),  # a space added
    ("I like ice cream", "i like icecream", Spelling.CLOSE),
    ("ice cream", "ice-cream", Spelling.RIGHT),  # a hyphen reads as a space
    ("ice cream", "icecreem", Spelling.WRONG),  # a space and a letter
    ("cat", "cot", Spelling.WRONG),  # short words allow no slip
    ("please", "pleasse now", Spelling.WRONG),
    ("hospital", "hotel", Spelling.WRONG),
    ("apple", "pear", Spelling.WRONG),
    ("receive", "", Spelling.WRONG),
    ("receive", "   ", Spelling.WRONG),
]


def in_gap_fill(key: str, typed: str) -> Spelling:
    result = gap_fill.grade({"prompt": "Fill in.", "text": f"[[{key}]]"}, {"blanks": (typed,)})
    return lesson_verdict(result)


def in_dictation(key: str, typed: str) -> Spelling:
    return lesson_verdict(dictation.grade({"prompt": "Type.", "text": key}, {"text": typed}))


def lesson_verdict(result) -> Spelling:
    if not result.correct:
        return Spelling.WRONG
    return Spelling.CLOSE if result.nearly else Spelling.RIGHT


def in_review(key: str, typed: str) -> Spelling:
    rating = suggest_rating(key, typed, seconds=60)
    return {Rating.Good: Spelling.RIGHT, Rating.Hard: Spelling.CLOSE}.get(rating, Spelling.WRONG)


@pytest.mark.parametrize("side", [in_gap_fill, in_dictation, in_review], ids=lambda f: f.__name__)
@pytest.mark.parametrize(("key", "typed", "verdict"), CASES)
def test_a_typed_answer_gets_the_same_verdict_in_lessons_and_reviews(side, key, typed, verdict):
    assert spelling(key, typed) == verdict
    assert side(key, typed) == verdict


def test_a_nearly_right_dictation_counts_and_shows_the_spelling():
    result = dictation.grade(
        {"prompt": "Type.", "text": "I am fine, thank you."}, {"text": "I am fin, thank you."}
    )
    assert result.correct and result.nearly
    assert result.expected == ("I am fine, thank you.",)


def test_a_nearly_right_blank_counts_beside_a_wrong_one():
    result = gap_fill.grade(
        {"prompt": "Fill in.", "text": "[[please]] [[sit]] down"}, {"blanks": ("plese", "sat")}
    )
    assert result.parts == (True, False)
    assert result.nearly and not result.correct


def test_any_of_several_accepted_answers_counts():
    assert spelling(["movie theater", "cinema"], "Cinema") == Spelling.RIGHT
    assert spelling(["movie theater", "cinema"], "cinemma") == Spelling.CLOSE

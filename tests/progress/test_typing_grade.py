import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.exercises.text import typo_distance
from progress.scheduler import Rating
from progress.typing_grade import suggest_rating


def test_an_exact_answer_typed_quickly_suggests_easy():
    assert suggest_rating("pharmacy", "pharmacy", seconds=3) == Rating.Easy


def test_an_exact_answer_typed_slowly_suggests_good():
    assert suggest_rating("pharmacy", "pharmacy", seconds=20) == Rating.Good


def test_the_time_allowed_for_easy_grows_with_the_answer():
    phrase = "how much does this cost"
    assert suggest_rating(phrase, phrase, seconds=9) == Rating.Easy
    assert suggest_rating("bus", "bus", seconds=9) == Rating.Good


@pytest.mark.parametrize(
    "typed",
    ["Pharmacy", "  pharmacy. ", "PHARMACY!", "pharmacy\u00a0"],
)
def test_case_spacing_and_end_punctuation_do_not_count(typed):
    assert suggest_rating("pharmacy", typed, seconds=20) == Rating.Good


def test_curly_apostrophes_match_straight_ones():
    assert suggest_rating("I don't know", "I don’t  know", seconds=20) == Rating.Good


@pytest.mark.parametrize(
    ("expected", "typed"),
    [
        ("receive", "recieve"),  # two neighbours swapped
        ("apple", "aple"),  # a letter missing
        ("subway", "subwya"),
        ("hospital", "hospitel"),
        ("appointment", "apointmant"),  # two typos in a long word
    ],
)
def test_a_small_typo_suggests_hard(expected, typed):
    assert suggest_rating(expected, typed, seconds=4) == Rating.Hard


@pytest.mark.parametrize(
    ("expected", "typed"),
    [
        ("cat", "cot"),  # short words allow no typo
        ("apple", "pear"),
        ("hospital", "hotel"),
        ("receive", ""),
        ("receive", "   "),
    ],
)
def test_a_wrong_or_empty_answer_suggests_again(expected, typed):
    assert suggest_rating(expected, typed, seconds=4) == Rating.Again


def test_any_of_several_accepted_answers_counts():
    accepted = ["movie theater", "cinema"]
    assert suggest_rating(accepted, "Cinema", seconds=30) == Rating.Good
    assert suggest_rating(accepted, "movie theatre", seconds=30) == Rating.Good
    assert suggest_rating(accepted, "movie theatr", seconds=30) == Rating.Hard
    assert suggest_rating(accepted, "film", seconds=30) == Rating.Again


def test_a_transposition_costs_one_edit():
    assert typo_distance("form", "from") == 1
    assert typo_distance("kitten", "sitting") == 3


words = st.text(alphabet="abcdefg ", max_size=12)


@given(words, words)
def test_distance_is_symmetric_and_zero_only_for_equal_strings(a, b):
    assert typo_distance(a, b) == typo_distance(b, a)
    assert (typo_distance(a, b) == 0) == (a == b)
    assert typo_distance(a, b) <= max(len(a), len(b))

"""lessons.exercises.gap_fill: pure, so no database."""

from django.core.exceptions import ValidationError

import pytest

from lessons.exceptions import AnswerFormatError
from lessons.exercises import gap_fill
from lessons.exercises.gap_fill import GapFillBlock, gap_segments

GAP = {
    "prompt": "Fill in.",
    "text": "My [[favourite|favorite]] [[colour]] is [[grey]]. I'm [[fine|OK]].",
}


def test_gap_fill_accepts_alternatives_case_spacing_and_curly_quotes():
    answer = {"blanks": ("  Favorite", "COLOR!", "gray", "ok")}
    assert gap_fill.grade(GAP, answer).correct


def test_gap_fill_marks_each_blank():
    result = gap_fill.grade(GAP, {"blanks": ("favourite", "red", "grey", "")})
    assert result.parts == (True, False, True, False)
    assert result.score == 0.5
    assert result.expected == ("favourite", "colour", "grey", "fine")


def test_gap_fill_with_the_wrong_number_of_blanks_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        gap_fill.grade(GAP, {"blanks": ("favourite",)})


def test_curly_apostrophes_match_straight_ones():
    value = {"text": "I [[don't]] know."}
    assert gap_fill.grade(value, {"blanks": ("don\u2019t",)}).correct


def test_a_gap_fill_without_a_blank_is_rejected():
    block = GapFillBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({"prompt": "?", "text": "No blank here."}))
    assert "text" in error.value.block_errors


def test_gap_segments_number_the_blanks_and_hide_the_answers():
    assert gap_segments("I [[am|'m]] here [[now]].") == [
        {"text": "I "},
        {"blank": 0, "size": 2},
        {"text": " here "},
        {"blank": 1, "size": 3},
        {"text": "."},
    ]


def test_grading_and_rendering_find_the_same_blanks():
    text = "A [[b|c]] and [[d]]\n[[e\nf]] but not [[x]y]] or [[]]."
    rendered = [s["blank"] for s in gap_segments(text) if "blank" in s]
    assert rendered == list(range(len(gap_fill.blanks(text))))

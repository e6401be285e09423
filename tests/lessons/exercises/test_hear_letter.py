"""lessons.exercises.hear_letter: pure, so no database."""

from django.core.exceptions import ValidationError

import pytest

from lessons.exceptions import AnswerFormatError
from lessons.exercises import hear_letter
from lessons.exercises.hear_letter import HearLetterBlock
from lessons.grading import accepted_answers, grade_answer, parse_answer

HEAR = {"prompt": "Which letter do you hear?", "text": "bus", "answer": "B", "choices": ["P", "B"]}


def test_picking_the_letter_heard_is_right_in_either_case():
    assert hear_letter.grade(HEAR, {"choice": "B"}).correct
    assert hear_letter.grade(HEAR, {"choice": "b"}).correct


def test_picking_another_letter_is_wrong_and_shows_the_right_one():
    grade = hear_letter.grade(HEAR, {"choice": "P"})
    assert grade.score == 0 and grade.expected == ("B",)


def test_a_letter_not_shown_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        hear_letter.grade(HEAR, {"choice": "V"})


@pytest.mark.parametrize(
    "fields", [{}, {"choice": ["B", "P"]}, {"choice": ["B\x00"]}, {"choice": ["B" * 3000]}]
)
def test_missing_double_nul_and_huge_answers_are_refused(fields):
    with pytest.raises(AnswerFormatError):
        parse_answer("hear_letter", fields)


def test_an_empty_choice_is_no_option():
    with pytest.raises(AnswerFormatError):
        grade_answer("hear_letter", HEAR, parse_answer("hear_letter", {"choice": [""]}))


def test_the_key_grades_one_and_the_word_heard_plays_but_is_not_read_for_the_level():
    (key,) = accepted_answers("hear_letter", HEAR)
    assert key == {"choice": "B"} and grade_answer("hear_letter", HEAR, key).correct
    assert hear_letter.spoken_texts(HEAR) == ["bus"] and hear_letter.heard_text(HEAR) == "bus"
    assert hear_letter.english_text(HEAR) == (["Which letter do you hear?"], [])


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"text": " "}, ("text",)),
        ({"choices": ["B"]}, ("choices",)),
        ({"choices": ["B", "P", "V", "F", "T"]}, ("choices",)),
        ({"choices": ["B", "bus"]}, ("choices", 1)),
        ({"choices": ["B", "b"]}, ("choices", 1)),
        ({"answer": "V"}, ("answer",)),
    ],
)
def test_bad_entries_are_named_with_their_field(change, path):
    ((found_path, message),) = hear_letter.validate({**HEAR, **change})
    assert found_path == path and message


def test_a_good_entry_has_no_problems():
    assert hear_letter.validate(HEAR) == []


def test_the_wagtail_block_refuses_an_answer_that_is_not_shown():
    block = HearLetterBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({**HEAR, "answer": "V"}))
    assert "answer" in error.value.block_errors

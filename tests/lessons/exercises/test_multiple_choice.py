"""lessons.exercises.multiple_choice: pure, so no database."""

from django.core.exceptions import ValidationError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.exceptions import AnswerFormatError
from lessons.exercises import multiple_choice
from lessons.exercises.multiple_choice import MultipleChoiceBlock

MC_ONE = {
    "prompt": "Where do you buy medicine?",
    "choices": [
        {"text": "at a pharmacy", "correct": True},
        {"text": "at a bank", "correct": False},
        {"text": "at a school", "correct": False},
    ],
    "feedback_right": "맞습니다.",
    "feedback_wrong": "약은 약국에서 삽니다.",
}


MC_MANY = {
    "prompt": "Which are fruit?",
    "choices": [
        {"text": "apple", "correct": True},
        {"text": "bread", "correct": False},
        {"text": "pear", "correct": True},
        {"text": "rice", "correct": False},
    ],
}


def test_single_right_choice_scores_one():
    result = multiple_choice.grade(MC_ONE, {"choices": (0,)})
    assert result.correct and result.parts == (True,)
    assert result.feedback == "맞습니다."


def test_single_wrong_choice_scores_zero_and_shows_the_key():
    result = multiple_choice.grade(MC_ONE, {"choices": (1,)})
    assert result.score == 0 and not result.correct
    assert result.expected == ("at a pharmacy",)
    assert result.feedback == "약은 약국에서 삽니다."


def test_several_right_choices_give_partial_credit_per_option():
    result = multiple_choice.grade(MC_MANY, {"choices": (0, 1)})
    assert result.parts == (True, False, False, True)
    assert result.score == 0.5
    assert result.expected == ("apple", "pear")


def test_choice_outside_the_options_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        multiple_choice.grade(MC_ONE, {"choices": (7,)})


@settings(deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=10), max_size=5))
def test_out_of_range_answers_raise_answer_format_error_or_grade(chosen):
    try:
        result = multiple_choice.grade(MC_MANY, {"choices": tuple(chosen)})
    except AnswerFormatError:
        return
    assert 0 <= result.score <= 1


def test_an_exercise_without_a_right_choice_is_rejected():
    block = MultipleChoiceBlock()
    value = {"prompt": "?", "choices": [{"text": "a", "correct": False}, {"text": "b"}]}
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(value))
    assert "choices" in error.value.block_errors

"""lessons.exercises.minimal_pair: pure, so no database."""

from django.core.exceptions import ValidationError

import pytest

from lessons.exceptions import AnswerFormatError
from lessons.exercises import minimal_pair
from lessons.exercises.minimal_pair import MinimalPairBlock

MINIMAL = {"prompt": "Which?", "words": ["fan", "pan"], "answer": "fan", "contrast": "f/p"}


def test_minimal_pair_right_and_wrong():
    assert minimal_pair.grade(MINIMAL, {"choice": "fan"}).correct
    assert minimal_pair.grade(MINIMAL, {"choice": "pan"}).score == 0


def test_minimal_pair_word_not_offered_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        minimal_pair.grade(MINIMAL, {"choice": "van"})


def test_a_minimal_pair_whose_answer_is_not_one_of_its_words_is_rejected():
    block = MinimalPairBlock()
    value = {"prompt": "?", "words": ["fan", "pan"], "answer": "van", "contrast": "f/p"}
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(value))
    assert "answer" in error.value.block_errors

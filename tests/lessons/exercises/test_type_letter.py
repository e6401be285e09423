"""lessons.exercises.type_letter: pure, so no database."""

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from lessons.exceptions import AnswerFormatError
from lessons.exercises import type_letter
from lessons.exercises.type_letter import TypeLetterBlock
from lessons.grading import accepted_answers, grade_answer, parse_answer

SMALL = {"prompt": "Type the small letter.", "shown": "B", "answer": "b", "exact_case": True}
EITHER = {"prompt": "Type the letter.", "shown": "g", "answer": "G", "exact_case": False}


def typed(value, text: str):
    return grade_answer("type_letter", value, parse_answer("type_letter", {"letter": [text]}))


def test_the_letter_in_the_case_asked_is_right():
    assert typed(SMALL, "b").correct


def test_the_other_case_is_wrong_when_the_task_asks_a_case():
    grade = typed(SMALL, "B")
    assert grade.score == 0 and grade.expected == ("b",)


def test_either_case_is_right_when_no_case_is_asked():
    assert typed(EITHER, "g").correct and typed(EITHER, "G").correct


def test_another_letter_or_two_letters_are_wrong():
    assert not typed(EITHER, "q").correct
    assert not typed(SMALL, "bb").correct


def test_a_phone_keyboards_full_width_letter_and_spaces_count_as_the_letter():
    assert typed(SMALL, " \uff42 ").correct


@pytest.mark.parametrize(
    "fields",
    [{"letter": [""]}, {"letter": ["   "]}, {"letter": ["b\x00"]}, {"letter": ["b" * 5000]}, {}],
)
def test_nothing_typed_nul_bytes_and_huge_answers_are_refused_with_a_message(fields):
    with pytest.raises(AnswerFormatError) as error:
        parse_answer("type_letter", fields)
    assert str(error.value)


def test_nothing_typed_says_to_type_a_letter_in_korean():
    with translation.override("ko"), pytest.raises(AnswerFormatError) as error:
        parse_answer("type_letter", {"letter": [" "]})
    assert str(error.value) == "글자를 하나 쳐 넣으십시오."


def test_the_keys_grade_one():
    assert accepted_answers("type_letter", SMALL) == [{"letter": "b"}]
    assert {"letter": "g"} in accepted_answers("type_letter", EITHER)
    for key in accepted_answers("type_letter", EITHER):
        assert grade_answer("type_letter", EITHER, key).correct


def test_the_leveller_reads_only_the_prompt_and_a_spoken_letter_is_heard():
    assert type_letter.english_text(SMALL) == (["Type the small letter."], [])
    assert type_letter.spoken_texts(SMALL) == [] and type_letter.heard_text(SMALL) == ""
    heard = {**SMALL, "shown": "", "spoken": "B"}
    assert type_letter.spoken_texts(heard) == ["B"] and type_letter.heard_text(heard) == "B"


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"answer": "bb"}, ("answer",)),
        ({"answer": "ㅂ"}, ("answer",)),
        ({"answer": "1"}, ("answer",)),
        ({"shown": " ", "spoken": ""}, ("shown",)),
    ],
)
def test_bad_entries_are_named_with_their_field(change, path):
    ((found_path, message),) = type_letter.validate({**SMALL, **change})
    assert found_path == path and message


def test_a_good_entry_has_no_problems_and_hearing_alone_is_enough():
    assert type_letter.validate(SMALL) == []
    assert type_letter.validate({**SMALL, "shown": "", "spoken": "bee"}) == []


def test_the_wagtail_block_refuses_a_key_that_is_not_a_letter():
    block = TypeLetterBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({**SMALL, "answer": "7"}))
    assert "answer" in error.value.block_errors


def test_the_problems_read_in_korean_for_a_korean_editor():
    with translation.override("ko"):
        ((_path, message),) = type_letter.validate({**SMALL, "answer": "7"})
    assert message == "답은 영어 글자 하나입니다 (A부터 Z, a부터 z)."

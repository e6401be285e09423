"""lessons.exercises.read_sign: pure, so no database."""

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from lessons.exceptions import AnswerFormatError
from lessons.exercises import read_sign
from lessons.exercises.read_sign import ReadSignBlock
from lessons.grading import accepted_answers, grade_answer, parse_answer

SIGN = {
    "prompt": "What does the sign say?",
    "sign": "PULL",
    "answer": "당기십시오",
    "choices": ["미십시오", "당기십시오", "닫혔습니다"],
}


def test_picking_the_meaning_is_right_and_another_is_wrong():
    assert read_sign.grade(SIGN, {"choice": "당기십시오"}).correct
    grade = read_sign.grade(SIGN, {"choice": "미십시오"})
    assert grade.score == 0 and grade.expected == ("당기십시오",)


def test_a_meaning_not_offered_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        read_sign.grade(SIGN, {"choice": "PULL"})


@pytest.mark.parametrize(
    "fields",
    [{}, {"choice": ["a", "b"]}, {"choice": ["당기\x00십시오"]}, {"choice": ["가" * 3000]}],
)
def test_missing_double_nul_and_huge_answers_are_refused(fields):
    with pytest.raises(AnswerFormatError):
        parse_answer("read_sign", fields)


def test_the_key_grades_one_and_the_leveller_reads_the_sign():
    (key,) = accepted_answers("read_sign", SIGN)
    assert grade_answer("read_sign", SIGN, key).correct
    assert read_sign.english_text(SIGN) == (["What does the sign say?"], ["PULL"])


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"sign": " "}, ("sign",)),
        ({"choices": ["당기십시오"]}, ("choices",)),
        ({"choices": ["당기십시오", "pull it"]}, ("choices", 1)),
        ({"choices": ["당기십시오", "당기십시오."]}, ("choices", 1)),
        ({"answer": "들어가십시오"}, ("answer",)),
    ],
)
def test_bad_entries_are_named_with_their_field(change, path):
    ((found_path, message),) = read_sign.validate({**SIGN, **change})
    assert found_path == path and message


def test_a_good_entry_has_no_problems():
    assert read_sign.validate(SIGN) == []


def test_the_wagtail_block_refuses_english_meanings_in_korean_for_a_korean_editor():
    block = ReadSignBlock()
    with translation.override("ko"), pytest.raises(ValidationError) as error:
        block.clean(block.to_python({**SIGN, "choices": ["당기십시오", "push"]}))
    assert "choices" in error.value.block_errors
    with translation.override("ko"):
        ((_path, message),) = read_sign.validate({**SIGN, "choices": ["당기십시오", "push"]})
    assert message == "뜻은 우리말로 쓰십시오."

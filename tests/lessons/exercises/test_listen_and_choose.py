"""lessons.exercises.listen_and_choose: pure, so no database."""

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from lessons.exceptions import AnswerFormatError
from lessons.exercises import listen_and_choose
from lessons.exercises.listen_and_choose import ListenAndChooseBlock
from lessons.grading import accepted_answers, grade_answer, parse_answer

LISTEN = {
    "prompt": "Which sentence do you hear?",
    "text": "The bus is late.",
    "choices": ["The bus is here.", "The bus is late.", "The bus is full."],
}


def test_choosing_the_text_heard_is_right():
    grade = listen_and_choose.grade(LISTEN, {"choice": "The bus is late."})
    assert grade.correct and grade.parts == (True,)


def test_choosing_another_choice_is_wrong_and_shows_what_was_said():
    grade = listen_and_choose.grade(LISTEN, {"choice": "The bus is here."})
    assert grade.score == 0 and grade.expected == ("The bus is late.",)


def test_case_spaces_and_punctuation_do_not_matter():
    assert listen_and_choose.grade(LISTEN, {"choice": "  the bus is LATE "}).correct


def test_a_choice_not_offered_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        listen_and_choose.grade(LISTEN, {"choice": "The bus is gone."})


def test_the_form_posts_one_choice():
    assert parse_answer("listen_and_choose", {"choice": ["The bus is late."]}) == {
        "choice": "The bus is late."
    }
    with pytest.raises(AnswerFormatError):
        parse_answer("listen_and_choose", {"choice": ["a", "b"]})
    with pytest.raises(AnswerFormatError):
        parse_answer("listen_and_choose", {})


def test_the_key_is_the_text_heard_and_grades_one():
    (key,) = accepted_answers("listen_and_choose", LISTEN)
    assert key == {"choice": "The bus is late."}
    assert grade_answer("listen_and_choose", LISTEN, key).correct


def test_the_leveller_reads_the_prompt_and_the_choices_and_the_text_is_rendered():
    prose, fragments = listen_and_choose.english_text(LISTEN)
    assert prose == ["Which sentence do you hear?"] and fragments == LISTEN["choices"]
    assert listen_and_choose.spoken_texts(LISTEN) == ["The bus is late."]
    assert listen_and_choose.heard_text(LISTEN) == "The bus is late."


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"text": " "}, ("text",), "Give the English word or sentence the learner hears."),
        ({"choices": ["The bus is late."]}, ("choices",), "Give two to four choices."),
        ({"choices": list("abcde")}, ("choices",), "Give two to four choices."),
        ({"text": "The bus is gone."}, ("text",), "must be one of the choices"),
        (
            {"choices": ["The bus is late.", "the bus is late"]},
            ("choices", 1),
            "same as another one",
        ),
    ],
)
def test_bad_entries_are_named_with_their_field(change, path, message):
    ((found_path, found),) = listen_and_choose.validate({**LISTEN, **change})
    assert found_path == path and message in found


def test_a_good_entry_has_no_problems():
    assert listen_and_choose.validate(LISTEN) == []


def test_the_problems_read_in_korean_for_a_korean_editor():
    with translation.override("ko"):
        ((_path, message),) = listen_and_choose.validate({**LISTEN, "text": "The bus is gone."})
    assert message == "학습자가 듣는 글은 보기 가운데 하나여야 합니다."


def test_the_wagtail_block_refuses_a_text_that_is_not_a_choice():
    block = ListenAndChooseBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({**LISTEN, "text": "The bus is gone."}))
    assert "text" in error.value.block_errors


def test_the_wagtail_block_refuses_one_choice_and_five():
    block = ListenAndChooseBlock()
    for choices in (["The bus is late."], [LISTEN["text"], "a", "b", "c", "d"]):
        with pytest.raises(ValidationError) as error:
            block.clean(block.to_python({**LISTEN, "choices": choices}))
        assert "choices" in error.value.block_errors

"""lessons.exercises.listen_choose: pure, so no database."""

import pytest

from lessons.exceptions import AnswerFormatError
from lessons.exercises import listen_choose

HEARD = {
    "prompt": "What did you hear?",
    "text": "The pharmacy closes at nine.",
    "choices": [
        {"text": "약국은 아홉 시에 문을 닫습니다.", "correct": True},
        {"text": "약국은 아홉 시에 문을 엽니다.", "correct": False},
    ],
}


def test_the_right_choice_scores_one_and_shows_the_key():
    result = listen_choose.grade(HEARD, listen_choose.parse({"choice": ["0"]}))
    assert result.correct and result.expected == ("약국은 아홉 시에 문을 닫습니다.",)


def test_the_wrong_choice_scores_zero():
    assert listen_choose.grade(HEARD, {"choices": (1,)}).score == 0


def test_a_choice_outside_the_options_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        listen_choose.grade(HEARD, {"choices": (5,)})


def test_an_exercise_with_no_right_choice_is_refused():
    wrong = {**HEARD, "choices": [{**c, "correct": False} for c in HEARD["choices"]]}
    assert listen_choose.validate(wrong) == [(("choices",), "Mark at least one choice as correct.")]


def test_the_heard_text_is_spoken_and_read_by_the_leveller_but_not_shown():
    assert listen_choose.spoken_texts(HEARD) == ["The pharmacy closes at nine."]
    prose, fragments = listen_choose.english_text(HEARD)
    assert prose == ["What did you hear?", "The pharmacy closes at nine."]
    assert fragments == [c["text"] for c in HEARD["choices"]]

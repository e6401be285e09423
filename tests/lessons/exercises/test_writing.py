"""lessons.exercises.writing: pure, so no database."""

from django.utils import translation

import pytest

from lessons import grading
from lessons.exceptions import AnswerFormatError
from lessons.exercises import writing

EMAIL = {
    "prompt": "Write a short email to your teacher: you are sick today.",
    "task": "email",
    "model_answer": "Dear Ms Kim, I am sick today. I cannot come to class.",
    "min_words": 5,
    "max_words": 20,
}


def test_an_answer_within_the_limits_is_sent_and_counts_as_done():
    result = writing.grade(EMAIL, writing.parse({"text": ["Hello Ms Kim, I am sick today."]}))
    assert result.correct and result.score == 1.0
    assert result.sent_to_tutor
    assert result.feedback == "선생님께 보냈습니다."
    assert result.expected == (EMAIL["model_answer"],)


def test_without_a_model_answer_nothing_is_shown_as_the_key():
    value = {**EMAIL, "model_answer": ""}
    assert writing.grade(value, {"text": "one two three four five"}).expected == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Sick today.", "Write a little more: this exercise asks for more words."),
        (" ".join(["word"] * 21), "Write a little less: this exercise asks for fewer words."),
    ],
)
def test_an_answer_outside_the_word_limits_is_refused_with_what_to_do(text, message):
    with translation.override("en"), pytest.raises(AnswerFormatError, match=message):
        writing.grade(EMAIL, writing.parse({"text": [text]}))


def test_the_limits_are_inclusive():
    assert writing.grade(EMAIL, {"text": "one two three four five"}).correct
    assert writing.grade(EMAIL, {"text": " ".join(["word"] * 20)}).correct


@pytest.mark.parametrize("text", ["", "   \n ", "... !!"])
def test_an_empty_answer_is_refused_in_korean(text):
    with translation.override("ko"), pytest.raises(AnswerFormatError, match="먼저 답을 쓰십시오"):
        writing.parse({"text": [text]})


@pytest.mark.parametrize("fields", [{"text": ["I am\x00 sick"]}, {"text": ["x" * 2001]}, {}])
def test_nul_bytes_huge_or_missing_text_are_refused(fields):
    with pytest.raises(AnswerFormatError):
        writing.parse(fields)


def test_the_text_is_kept_without_its_outer_spaces():
    assert writing.parse({"text": ["  Dear Ms Kim,\n I am sick.  "]}) == {
        "text": "Dear Ms Kim,\n I am sick."
    }


def test_the_key_is_the_model_answer_or_the_prompts_words_up_to_the_fewest():
    assert writing.answer_key(EMAIL) == {"text": EMAIL["model_answer"]}
    key = writing.answer_key({**EMAIL, "model_answer": "", "min_words": 12})
    assert writing.word_count(key["text"]) == 12
    assert writing.grade({**EMAIL, "model_answer": "", "min_words": 12}, key).correct


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"min_words": 0}, "min_words"),
        ({"min_words": 30, "max_words": 20}, "min_words"),
        ({"max_words": writing.LARGEST_MAX_WORDS + 1}, "max_words"),
        ({"model_answer": "Too short."}, "model_answer"),
    ],
)
def test_validation_names_the_field_at_fault(change, field):
    problems = writing.validate({**EMAIL, **change})
    assert [path for path, _message in problems] == [(field,)]


def test_a_valid_block_has_no_problems():
    assert writing.validate(EMAIL) == []


def test_the_dispatch_knows_only_writing_goes_to_the_tutor():
    assert grading.sent_to_tutor("writing")
    assert not grading.sent_to_tutor("dictation")
    assert not grading.sent_to_tutor("no_such_type")


def test_the_leveller_reads_the_prompt_and_the_model_answer():
    prose, fragments = writing.english_text(EMAIL)
    assert prose == [EMAIL["prompt"], EMAIL["model_answer"]]
    assert fragments == []

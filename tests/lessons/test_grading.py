"""lessons.grading: pure dispatch to the exercise types, so no database."""

from django.http import QueryDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.exceptions import AnswerFormatError
from lessons.exercises.text import normalise
from lessons.grading import accepted_answers, grade, grade_answer, key_answer, parse_answer

WORD_ORDER = {"prompt": "Order.", "sentence": "Where is the bus stop?"}
MINIMAL = {"prompt": "Which?", "words": ["fan", "pan"], "answer": "fan", "contrast": "f/p"}
BANK = {
    "prompt": "Order.",
    "sentence": "Yesterday I went to the bank.",
    "alternatives": ["I went to the bank yesterday."],
}


def test_default_feedback_when_the_block_has_none():
    assert grade("word_order", WORD_ORDER, {"sentence": "x"}).feedback


def test_parse_reads_a_query_dict_from_a_form_post():
    data = QueryDict("choice=0&choice=2&choice=2")
    assert parse_answer("multiple_choice", data) == {"choices": (0, 2)}
    data = QueryDict("blank-1=b&blank-0=a")
    assert parse_answer("gap_fill", data) == {"blanks": ("a", "b")}
    assert parse_answer("matching", {"match-0": ["2"], "match-1": [""]}) == {"matches": (2, None)}
    assert parse_answer("dictation", {"text": ["hello"]}) == {"text": "hello"}


@pytest.mark.parametrize(
    ("block_type", "data"),
    [
        ("multiple_choice", {}),
        ("multiple_choice", {"choice": ["first"]}),
        ("multiple_choice", {"choice": ["-1"]}),
        ("gap_fill", {"blank-0": ["a"], "blank-2": ["c"]}),
        ("gap_fill", {"blank-0": ["a", "b"]}),
        ("matching", {"match-0": ["x"]}),
        ("word_order", {}),
        ("dictation", {"text": ["a" * 5000]}),
        ("minimal_pair", {"choice": ["a", "b"]}),
        ("essay", {"text": ["hi"]}),
    ],
)
def test_malformed_form_data_raises_answer_format_error(block_type, data):
    with pytest.raises(AnswerFormatError):
        parse_answer(block_type, data)


sentence = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", min_size=1, max_size=8).filter(
        lambda w: w.strip("'")
    ),
    min_size=1,
    max_size=8,
).map(" ".join)
alternatives = st.lists(sentence, min_size=1, max_size=3)


@st.composite
def exercises(draw):
    kind = draw(st.sampled_from(["mc", "gap", "match", "order", "dictation", "pair"]))
    if kind == "mc":
        flags = draw(st.lists(st.booleans(), min_size=2, max_size=6).filter(any))
        choices = [{"text": draw(sentence), "correct": f} for f in flags]
        return "multiple_choice", {"choices": choices}
    if kind == "gap":
        gaps = draw(st.lists(alternatives, min_size=1, max_size=4))
        text = " and ".join("[[" + "|".join(alts) + "]]" for alts in gaps)
        return "gap_fill", {"text": f"Say {text}."}
    if kind == "match":
        pairs = draw(st.lists(st.tuples(sentence, sentence), min_size=1, max_size=6))
        return "matching", {"pairs": [{"left": a, "right": b} for a, b in pairs]}
    if kind == "order":
        return "word_order", {"sentence": draw(sentence)}
    if kind == "dictation":
        return "dictation", {"text": draw(sentence)}
    words = draw(st.lists(sentence, min_size=2, max_size=2, unique_by=normalise))
    return "minimal_pair", {"words": words, "answer": draw(st.sampled_from(words))}


@settings(deadline=None)
@given(exercises())
def test_the_key_always_scores_one(exercise):
    block_type, value = exercise
    result = grade(block_type, value, key_answer(block_type, value))
    assert result.score == 1 and result.correct
    assert all(result.parts)


@settings(deadline=None)
@given(st.dictionaries(st.text(max_size=12), st.lists(st.text(max_size=30), max_size=3)))
def test_arbitrary_form_data_never_raises_anything_but_answer_format_error(data):
    for block_type in ["multiple_choice", "gap_fill", "matching", "word_order", "dictation"]:
        try:
            answer = parse_answer(block_type, data)
        except AnswerFormatError:
            continue
        assert isinstance(answer, dict)


def test_the_accepted_answers_are_the_key_then_each_alternative():
    assert accepted_answers("word_order", BANK) == [
        {"sentence": "Yesterday I went to the bank."},
        {"sentence": "I went to the bank yesterday."},
    ]
    assert accepted_answers("minimal_pair", MINIMAL) == [{"choice": "fan"}]


def test_grade_is_grade_answer_dispatching_to_the_type():
    assert grade is grade_answer
    assert grade_answer("minimal_pair", MINIMAL, {"choice": "fan"}).correct


def test_a_block_that_is_not_an_exercise_cannot_be_graded():
    with pytest.raises(AnswerFormatError):
        grade_answer("text", {}, {})


def test_an_answer_of_another_shape_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        grade_answer("dictation", {"text": "Hi."}, {"choice": "hi"})

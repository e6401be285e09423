"""lessons.grading: pure, so no database."""

from django.http import QueryDict

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lessons.exceptions import AnswerFormatError
from lessons.grading import (
    accepted_answers,
    alternative_problems,
    grade,
    key_answer,
    normalise,
    parse_answer,
)

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
GAP = {
    "prompt": "Fill in.",
    "text": "My [[favourite|favorite]] [[colour]] is [[grey]]. I'm [[fine|OK]].",
}
MATCHING = {
    "prompt": "Match.",
    "pairs": [
        {"left": "hello", "right": "안녕하십니까"},
        {"left": "thank you", "right": "고맙습니다"},
        {"left": "goodbye", "right": "안녕히 가십시오"},
    ],
}
WORD_ORDER = {"prompt": "Order.", "sentence": "Where is the bus stop?"}
DICTATION = {"prompt": "Type.", "text": "I don't need a bag, thank you."}
MINIMAL = {"prompt": "Which?", "words": ["fan", "pan"], "answer": "fan", "contrast": "f/p"}


def test_single_right_choice_scores_one():
    result = grade("multiple_choice", MC_ONE, {"choices": (0,)})
    assert result.correct and result.parts == (True,)
    assert result.feedback == "맞습니다."


def test_single_wrong_choice_scores_zero_and_shows_the_key():
    result = grade("multiple_choice", MC_ONE, {"choices": (1,)})
    assert result.score == 0 and not result.correct
    assert result.expected == ("at a pharmacy",)
    assert result.feedback == "약은 약국에서 삽니다."


def test_several_right_choices_give_partial_credit_per_option():
    result = grade("multiple_choice", MC_MANY, {"choices": (0, 1)})
    assert result.parts == (True, False, False, True)
    assert result.score == 0.5
    assert result.expected == ("apple", "pear")


def test_choice_outside_the_options_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        grade("multiple_choice", MC_ONE, {"choices": (7,)})


def test_gap_fill_accepts_alternatives_case_spacing_and_curly_quotes():
    answer = {"blanks": ("  Favorite", "COLOR!", "gray", "ok")}
    assert grade("gap_fill", GAP, answer).correct


def test_gap_fill_marks_each_blank():
    result = grade("gap_fill", GAP, {"blanks": ("favourite", "red", "grey", "")})
    assert result.parts == (True, False, True, False)
    assert result.score == 0.5
    assert result.expected == ("favourite", "colour", "grey", "fine")


def test_gap_fill_with_the_wrong_number_of_blanks_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        grade("gap_fill", GAP, {"blanks": ("favourite",)})


def test_curly_apostrophes_match_straight_ones():
    value = {"text": "I [[don't]] know."}
    assert grade("gap_fill", value, {"blanks": ("don\u2019t",)}).correct


def test_matching_scores_each_left_item():
    result = grade("matching", MATCHING, {"matches": (0, 2, 1)})
    assert result.parts == (True, False, False)
    assert result.expected[0] == "hello = 안녕하십니까"


def test_matching_with_an_unanswered_item_counts_it_wrong():
    assert grade("matching", MATCHING, {"matches": (0, 1, None)}).parts == (True, True, False)


def test_matching_accepts_either_of_two_identical_right_items():
    value = {"pairs": [{"left": "hi", "right": "안녕"}, {"left": "hello", "right": "안녕"}]}
    assert grade("matching", value, {"matches": (1, 0)}).correct


def test_word_order_ignores_case_punctuation_and_spacing():
    assert grade("word_order", WORD_ORDER, {"sentence": "where is  the bus stop"}).correct


def test_word_order_with_swapped_words_is_wrong():
    result = grade("word_order", WORD_ORDER, {"sentence": "Where the is bus stop?"})
    assert result.parts == (True, False, False, True, True)
    assert not result.correct


def test_dictation_gives_credit_per_word_around_a_missed_word():
    result = grade("dictation", DICTATION, {"text": "i dont need bag thank you"})
    assert result.parts == (True, True, True, False, True, True, True)
    assert result.expected == ("I don't need a bag, thank you.",)


def test_dictation_with_extra_words_is_not_correct():
    result = grade("dictation", DICTATION, {"text": "I don't need a bag, thank you very much"})
    assert not result.correct


def test_minimal_pair_right_and_wrong():
    assert grade("minimal_pair", MINIMAL, {"choice": "fan"}).correct
    assert grade("minimal_pair", MINIMAL, {"choice": "pan"}).score == 0


def test_minimal_pair_word_not_offered_is_a_format_error():
    with pytest.raises(AnswerFormatError):
        grade("minimal_pair", MINIMAL, {"choice": "van"})


def test_default_feedback_when_the_block_has_none():
    assert grade("word_order", WORD_ORDER, {"sentence": "x"}).feedback


def test_british_and_american_spellings_normalise_alike():
    assert normalise("The Theatre's centre, travelled") == normalise("the theaters center traveled")


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


@settings(deadline=None)
@given(st.text())
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once


@settings(deadline=None)
@given(st.text())
def test_normalise_ignores_case_and_surrounding_space(text):
    assert normalise(f"  {text.upper()} \t") == normalise(normalise(text).upper())


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


@settings(deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=10), max_size=5))
def test_out_of_range_answers_raise_answer_format_error_or_grade(chosen):
    try:
        result = grade("multiple_choice", MC_MANY, {"choices": tuple(chosen)})
    except AnswerFormatError:
        return
    assert 0 <= result.score <= 1


BANK = {
    "prompt": "Order.",
    "sentence": "Yesterday I went to the bank.",
    "alternatives": ["I went to the bank yesterday."],
}


def test_word_order_accepts_an_alternative_and_shows_the_main_sentence():
    result = grade("word_order", BANK, {"sentence": "i went to the bank yesterday"})
    assert result.correct and result.alternative
    assert result.expected == ("Yesterday I went to the bank.",)


def test_word_order_in_the_main_order_is_not_marked_as_an_alternative():
    result = grade("word_order", BANK, {"sentence": "Yesterday I went to the bank"})
    assert result.correct and not result.alternative


def test_word_order_partial_credit_counts_against_the_closest_accepted_order():
    result = grade("word_order", BANK, {"sentence": "I went to bank the yesterday"})
    assert result.parts == (True, True, True, False, False, True)
    assert not result.correct and not result.alternative
    assert result.expected == ("Yesterday I went to the bank.",)


def test_the_accepted_answers_are_the_key_then_each_alternative():
    assert accepted_answers("word_order", BANK) == [
        {"sentence": "Yesterday I went to the bank."},
        {"sentence": "I went to the bank yesterday."},
    ]
    assert accepted_answers("minimal_pair", MINIMAL) == [{"choice": "fan"}]


def test_alternative_problems_name_the_missing_and_extra_words():
    problems = alternative_problems(
        "Turn left here.", ["Here turn left", "Turn right here", "here, turn left!"]
    )
    assert list(problems) == [1, 2]
    assert "Missing: left." in problems[1] and "Not in the sentence: right." in problems[1]
    assert problems[2] == "This order is already accepted."


tiles = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=5), min_size=2, max_size=7)


def distinct_orders(sentence: str, orders: list[list[str]]) -> list[str]:
    """The orders as sentences, without the sentence itself or repeats (as an author must)."""
    seen, found = {normalise(sentence)}, []
    for order in map(" ".join, orders):
        if normalise(order) not in seen:
            seen.add(normalise(order))
            found.append(order)
    return found


@settings(deadline=None)
@given(tiles, st.data())
def test_every_alternative_order_grades_right(words, data):
    sentence = " ".join(words)
    others = distinct_orders(sentence, data.draw(st.lists(st.permutations(words), max_size=4)))
    value = {"sentence": sentence, "alternatives": others}
    assert alternative_problems(sentence, others) == {}
    for other in others:
        result = grade("word_order", value, {"sentence": other.upper()})
        assert result.correct and result.alternative
        assert result.expected == (sentence,)


@settings(deadline=None)
@given(tiles, st.data())
def test_an_order_that_is_not_accepted_grades_wrong(words, data):
    sentence = " ".join(words)
    others = distinct_orders(sentence, data.draw(st.lists(st.permutations(words), max_size=4)))
    answer = " ".join(data.draw(st.permutations(words)))
    assume(normalise(answer) not in {normalise(order) for order in [sentence, *others]})
    result = grade(
        "word_order", {"sentence": sentence, "alternatives": others}, {"sentence": answer}
    )
    assert not result.correct and not result.alternative
    assert 0 <= result.score < 1

"""lessons.exercises.word_order: pure, so no database."""

from django.core.exceptions import ValidationError

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lessons.exercises import word_order
from lessons.exercises.text import normalise
from lessons.exercises.word_order import WordOrderBlock, alternative_problems

WORD_ORDER = {"prompt": "Order.", "sentence": "Where is the bus stop?"}


def test_word_order_ignores_case_punctuation_and_spacing():
    assert word_order.grade(WORD_ORDER, {"sentence": "where is  the bus stop"}).correct


def test_word_order_with_swapped_words_is_wrong():
    result = word_order.grade(WORD_ORDER, {"sentence": "Where the is bus stop?"})
    assert result.parts == (True, False, False, True, True)
    assert not result.correct


BANK = {
    "prompt": "Order.",
    "sentence": "Yesterday I went to the bank.",
    "alternatives": ["I went to the bank yesterday."],
}


def test_word_order_accepts_an_alternative_and_shows_the_main_sentence():
    result = word_order.grade(BANK, {"sentence": "i went to the bank yesterday"})
    assert result.correct and result.alternative
    assert result.expected == ("Yesterday I went to the bank.",)


def test_word_order_in_the_main_order_is_not_marked_as_an_alternative():
    result = word_order.grade(BANK, {"sentence": "Yesterday I went to the bank"})
    assert result.correct and not result.alternative


def test_word_order_partial_credit_counts_against_the_closest_accepted_order():
    result = word_order.grade(BANK, {"sentence": "I went to bank the yesterday"})
    assert result.parts == (True, True, True, False, False, True)
    assert not result.correct and not result.alternative
    assert result.expected == ("Yesterday I went to the bank.",)


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
        result = word_order.grade(value, {"sentence": other.upper()})
        assert result.correct and result.alternative
        assert result.expected == (sentence,)


@settings(deadline=None)
@given(tiles, st.data())
def test_an_order_that_is_not_accepted_grades_wrong(words, data):
    sentence = " ".join(words)
    others = distinct_orders(sentence, data.draw(st.lists(st.permutations(words), max_size=4)))
    answer = " ".join(data.draw(st.permutations(words)))
    assume(normalise(answer) not in {normalise(order) for order in [sentence, *others]})
    result = word_order.grade({"sentence": sentence, "alternatives": others}, {"sentence": answer})
    assert not result.correct and not result.alternative
    assert 0 <= result.score < 1


BLOCK_VALUE = {"prompt": "Put the words in order.", "sentence": "Yesterday I went to the bank."}


def word_order_errors(alternatives: list[str]) -> dict:
    block = WordOrderBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({**BLOCK_VALUE, "alternatives": alternatives}))
    return error.value.block_errors["alternatives"].block_errors


def test_a_word_order_alternative_with_other_words_is_rejected_with_the_words_named():
    errors = word_order_errors(["I went to the bank yesterday.", "I went to the shop yesterday."])
    assert list(errors) == [1]
    message = errors[1].messages[0]
    assert "Use exactly the words of the sentence" in message
    assert "Missing: bank." in message and "Not in the sentence: shop." in message


def test_a_word_order_alternative_with_a_word_dropped_or_repeating_an_order_is_rejected():
    errors = word_order_errors(["I went to the bank.", "yesterday I went to the bank"])
    assert "Missing: yesterday." in errors[0].messages[0]
    assert errors[1].messages == ["This order is already accepted."]


def test_a_word_order_alternative_of_the_same_words_is_accepted_whatever_its_capitals():
    block = WordOrderBlock()
    value = block.clean(
        block.to_python({**BLOCK_VALUE, "alternatives": ["I went to the bank, yesterday"]})
    )
    assert list(value["alternatives"]) == ["I went to the bank, yesterday"]


def test_a_word_order_block_stored_before_alternatives_existed_has_none():
    value = WordOrderBlock().to_python(BLOCK_VALUE)
    assert list(value["alternatives"]) == []

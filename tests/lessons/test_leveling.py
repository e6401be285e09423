"""lessons.leveling: the pure core, no database."""

import pytest

from lessons.leveling import (
    THRESHOLDS,
    analyse,
    english_of,
    format_report,
    forms_of,
    sentences,
    tokens,
)

A1_TEXT = [
    ("text", {"html": "<p>Hello! My name is Min-ji.</p><p>Where is the pharmacy?</p>"}),
    (
        "dialogue",
        {
            "title": "At the shop",
            "lines": [
                {"speaker": "Clerk", "en": "Can I help you?", "ko": "무엇을 도와드릴까요?"},
                {"speaker": "Min-ji", "en": "Yes, please. Is this the pharmacy?"},
            ],
        },
    ),
    ("tip", {"ko": "약국에서는 천천히 말해도 됩니다."}),
    ("gap_fill", {"prompt": "Say it.", "text": "This is the [[pharmacy|chemist]]."}),
    ("multiple_choice", {"prompt": "Where?", "choices": [{"text": "the shop"}]}),
]


def report(**kwargs):
    return analyse(english_of(A1_TEXT), **{"level": "A1", "taught": [], **kwargs})


def test_english_of_reads_text_dialogue_and_exercises_but_never_korean():
    text = english_of(A1_TEXT)
    assert "Where is the pharmacy?" in text.prose
    assert "Can I help you?" in text.prose
    assert "This is the pharmacy." in text.prose
    assert text.fragments == ("the shop",)
    assert "Clerk" in text.names
    assert not any("약" in chunk for chunk in text.prose + text.fragments)


def test_english_of_reads_rich_text_objects_by_their_source():
    class RichText:
        source = "<p>Good morning.</p><ul><li>Bread</li><li>Milk</li></ul>"

    assert english_of([("text", RichText())]).prose == ("Good morning.", "Bread", "Milk")


def test_untaught_rare_word_is_above_level():
    lemmas = [lemma for lemma, _zipf, _n in report().above_level]
    assert lemmas == ["pharmacy"]
    assert report().above_level[0][2] == 3


def test_word_taught_here_or_earlier_or_known_at_level_is_not_above_level():
    assert report(taught=["pharmacy"]).above_level == ()
    assert report(taught_before=["pharmacy"]).above_level == ()
    assert report(vocabulary={"pharmacy": "A1"}).above_level == ()


def test_known_vocabulary_above_the_lesson_level_does_not_count_as_known():
    assert report(vocabulary={"pharmacy": "B1"}).above_level != ()


def test_a_higher_level_lowers_the_frequency_floor():
    assert report(level="B1").above_level == ()


def test_inflected_forms_count_as_their_taught_lemma():
    text = english_of([("text", "<p>She studied at the pharmacies.</p>")])
    found = analyse(text, level="A1", taught=["study", "pharmacy"])
    assert found.above_level == ()


def test_multi_word_headword_counts_for_each_word():
    assert {"credit", "score"} <= forms_of(["credit score"])


def test_names_and_numbers_are_ignored():
    assert tokens("Then Mr Pak paid 3,000 won for Thursday's bread.") == [
        "then",
        "paid",
        "won",
        "for",
        "bread",
    ]


def test_coverage_and_mean_sentence_length():
    found = report()
    assert found.running_words > 0
    assert found.coverage == pytest.approx(1 - 3 / found.running_words)
    assert found.sentences == 10
    assert found.mean_sentence_length == pytest.approx((found.running_words - 2) / found.sentences)


def test_problems_name_the_threshold_missed():
    found = report()
    assert found.coverage < THRESHOLDS["A1"].min_coverage
    assert any("coverage" in problem for problem in found.problems())
    long = english_of([("text", "<p>" + "word " * 30 + "end.</p>")])
    assert "mean sentence length" in analyse(long, level="A1", taught=[]).problems()[0]
    assert report(taught=["pharmacy"]).problems() == []


@pytest.mark.parametrize(
    "text",
    [
        "Mrs. Kim and Mr. Lee met Dr. Park on Main St. near the bank.",
        "We open at 9 a.m. and close at 5 p.m. on Monday.",
        "Bring a paper, e.g. a passport, i.e. something with your photo.",
        "She moved to the U.S. in 2019.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text):
    assert sentences(text) == [text]


def test_a_sentence_may_still_end_after_a_time_or_country():
    assert sentences("We open at 9 a.m. Come early. I live in the U.S. It is big.") == [
        "We open at 9 a.m.",
        "Come early.",
        "I live in the U.S.",
        "It is big.",
    ]


def test_a_title_then_a_name_stays_one_sentence_after_a_full_stop():
    assert sentences("I like it. Dr. Kim is here!") == ["I like it.", "Dr. Kim is here!"]


def test_an_empty_lesson_is_flagged_empty_not_within_the_thresholds():
    found = analyse(english_of([]), level="A1", taught=[])
    assert found.empty
    assert found.problems() == ["the lesson is empty: it has no English text to measure yet"]
    assert "Within thresholds." not in format_report(found)


def test_a_lesson_with_text_is_not_empty():
    assert not report().empty


PRE_A1_TEXT = [
    ("text", {"html": "<p>I have money.</p><p>I want money.</p>"}),
    ("dialogue", {"lines": [{"speaker": "Min", "en": "My money is here."}]}),
]


def above_at_pre_a1(**kwargs) -> list[str]:
    found = analyse(english_of(PRE_A1_TEXT), **{"level": "A0", "taught": [], **kwargs})
    return [lemma for lemma, _zipf, _n in found.above_level]


def test_a_frequent_word_untaught_is_above_pre_a1_but_known_at_a1():
    assert "money" in above_at_pre_a1(taught=["want"])
    assert "money" not in [lemma for lemma, _z, _n in report_of(PRE_A1_TEXT, "A1").above_level]


def test_a_frequent_word_taught_here_or_earlier_is_not_above_pre_a1():
    assert above_at_pre_a1(taught=["money", "want", "here"]) == []
    assert above_at_pre_a1(taught=["want"], taught_before=["money", "here"]) == []


def test_at_pre_a1_no_vocabulary_item_is_assumed_known_without_being_taught():
    vocabulary = {"money": "A0", "want": "A0", "here": "A1"}
    assert above_at_pre_a1(vocabulary=vocabulary) == ["here", "money", "want"]
    # At A1 the same items at or below the level are known.
    found = analyse(english_of(PRE_A1_TEXT), level="A1", taught=[], vocabulary=vocabulary)
    assert found.above_level == ()


def test_pre_a1_allows_short_sentences_only():
    long = [("text", {"html": "<p>I have the one you have and my one is not the one.</p>"})]
    problems = analyse(english_of(long), level="A0", taught=[]).problems()
    assert any("mean sentence length" in problem for problem in problems)
    assert THRESHOLDS["A0"].zipf_floor > THRESHOLDS["A1"].zipf_floor
    assert THRESHOLDS["A0"].max_sentence_length < THRESHOLDS["A1"].max_sentence_length


def report_of(blocks, level):
    return analyse(english_of(blocks), level=level, taught=[])

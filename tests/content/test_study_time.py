"""The study-time estimate of docs/curriculum.md (content/study_time.py)."""

import pytest

from content import study_time


def test_a_lesson_takes_reading_answering_and_meeting_its_words():
    minutes = study_time.lesson_minutes(
        level="A1", running_words=400, exercises=["multiple_choice", "gap_fill"], words=12
    )
    assert minutes == pytest.approx(400 / 40 + 0.75 + 1.5 + 12 * 20 / 60)


def test_the_same_text_takes_longer_at_a_lower_level_and_writing_takes_longest():
    def minutes(level, exercises=()):
        return study_time.lesson_minutes(
            level=level, running_words=300, exercises=list(exercises), words=0
        )

    assert minutes("A0") > minutes("A1") > minutes("B2")
    assert minutes("B1", ["writing"]) - minutes("B1") > minutes("B1", ["dictation"]) - minutes("B1")


def test_reviews_are_the_schedulers_answers_in_the_first_month():
    # Good every time: two learning steps (1 and 10 minutes), then days apart.
    assert 3 <= study_time.reviews_per_card() <= 8
    per_word = study_time.CARDS_PER_WORD * study_time.reviews_per_card() * 8 / 60
    assert study_time.review_minutes(10) == pytest.approx(10 * per_word)

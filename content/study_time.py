"""How long the curriculum takes to study: the estimate docs/curriculum.md states.

A lesson's time is what a learner spends in it:
- reading its English (every running word the level report counts: rich text,
  dialogue, prompts, choices) at READING_WPM for its level, the careful reading
  speed of an adult learner in a second language who also reads the Korean beside it;
- answering its exercises, EXERCISE_MINUTES by type (picking is quicker than typing,
  listening is played twice, writing is composed);
- meeting each word it teaches once on its word list (WORD_SECONDS).
The reviews of a lesson's words are the rest of the study: each word makes two cards
(recognition and production) and each card is reviewed as the scheduler sets in the
first REVIEW_DAYS days, answered "Good" every time (the fewest reviews FSRS asks, with
the default parameters and steps), at REVIEW_SECONDS a review. Forgotten cards would
add reviews, so the estimate is a floor.

Pure apart from the scheduler it runs: a lesson's numbers in, minutes out.
"""

from datetime import UTC, datetime, timedelta
from functools import cache

from fsrs import Rating

from progress import scheduler

READING_WPM = {"A0": 20, "A1": 40, "A2": 60, "B1": 80, "B2": 100, "C1": 120}
EXERCISE_MINUTES = {
    "multiple_choice": 0.75,
    "matching": 1.5,
    "minimal_pair": 0.5,
    "listen_and_choose": 0.75,
    "hear_letter": 0.5,
    "read_sign": 0.5,
    "type_letter": 0.5,
    "gap_fill": 1.5,
    "word_order": 1.5,
    "dictation": 2.0,
    "writing": 10.0,
}
DEFAULT_EXERCISE_MINUTES = 1.0
WORD_SECONDS = 20
CARDS_PER_WORD, REVIEW_SECONDS, REVIEW_DAYS = 2, 8, 30


def lesson_minutes(*, level: str, running_words: int, exercises: list[str], words: int) -> float:
    reading = running_words / READING_WPM[level]
    answering = sum(EXERCISE_MINUTES.get(kind, DEFAULT_EXERCISE_MINUTES) for kind in exercises)
    return reading + answering + words * WORD_SECONDS / 60


def review_minutes(words: int) -> float:
    return words * CARDS_PER_WORD * reviews_per_card() * REVIEW_SECONDS / 60


@cache
def reviews_per_card() -> int:
    """Answers one card gets in its first REVIEW_DAYS days, "Good" every time."""
    config = scheduler.SchedulerConfig(enable_fuzzing=False, time_zone="UTC")
    start = now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    state, answers = scheduler.MemoryState(), 0
    while now < start + timedelta(days=REVIEW_DAYS):
        state = scheduler.review(state, Rating.Good, now=now, config=config)
        answers += 1
        now = max(state.due, now + timedelta(minutes=1))
    return answers

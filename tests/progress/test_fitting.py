import random
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from progress.fitting import (
    MIN_TEST_ITEMS,
    decide,
    evaluate,
    fit_and_decide,
    fit_parameters,
    time_split,
    training_items,
)
from progress.scheduler import (
    DEFAULT_PARAMETERS,
    MemoryState,
    Rating,
    Review,
    ReviewKind,
    SchedulerConfig,
    retrievability,
    review,
)

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
# A learner who forgets far faster than FSRS's default learner.
TRUTH = list(DEFAULT_PARAMETERS)
TRUTH[0:4] = [0.1, 0.3, 0.6, 2.0]
TRUTH[8] = 1.0
TRUTH[20] = 0.5


def shape(items):
    """Each item as its (rating, delta_t) pairs (fsrs-rs reviews expose only their repr)."""
    return [
        [
            (int(r), int(d))
            for r, d in re.findall(r"rating: (\d+), delta_t: (\d+)", repr(item.reviews))
        ]
        for item in items
    ]


def days_ago(days, hours=0):
    return T0 - timedelta(days=days, hours=hours)


def simulate(truth, *, cards=300, days=150, seed=1):
    """Answers drawn from `truth`'s forgetting curve, scheduled with the default parameters."""
    rng = random.Random(seed)
    true_config = SchedulerConfig(parameters=truth, enable_fuzzing=False)
    schedule = SchedulerConfig(enable_fuzzing=False)
    end = T0 + timedelta(days=days)
    history = {}
    for card in range(cards):
        moment = T0 + timedelta(days=card % 40, minutes=card)
        known, scheduled, reviews = MemoryState(), MemoryState(), []
        while moment < end:
            recall = retrievability(known, now=moment, config=true_config) if reviews else 1.0
            rating = Rating.Good if rng.random() < recall else Rating.Again
            reviews.append(Review(rating, moment))
            known = review(known, rating, now=moment, config=true_config)
            scheduled = review(scheduled, rating, now=moment, config=schedule)
            moment = scheduled.due + timedelta(hours=rng.uniform(0, 12))
        history[card] = reviews
    return history


@pytest.fixture(scope="module")
def fast_forgetter():
    return simulate(TRUTH)


def test_items_are_built_like_anki_builds_them():
    history = {
        1: [
            Review(3, days_ago(15), kind=ReviewKind.LEARNING),
            Review(3, days_ago(13), kind=ReviewKind.LEARNING),
            Review(3, days_ago(10)),
            Review(3, days_ago(5)),
        ]
    }
    assert shape(training_items(history)) == [
        [(3, 0), (3, 2)],
        [(3, 0), (3, 2), (3, 3)],
        [(3, 0), (3, 2), (3, 3), (3, 5)],
    ]


def test_same_day_answers_and_rows_that_are_not_answers_make_no_items():
    history = {
        1: [
            Review(1, days_ago(10)),
            Review(3, days_ago(10) + timedelta(minutes=10)),
            Review(0, days_ago(8), kind=ReviewKind.MANUAL),
            Review(3, days_ago(7), kind=ReviewKind.RESCHEDULED),
            Review(2, days_ago(6)),
        ]
    }
    assert shape(training_items(history)) == [[(1, 0), (3, 0), (2, 4)]]


def test_cards_without_answers_make_no_items():
    assert training_items({1: [], 2: [Review(0, days_ago(3), kind=ReviewKind.MANUAL)]}) == []


def test_days_are_the_learners_days_with_the_rollover_hour():
    seoul = ZoneInfo("Asia/Seoul")
    evening = datetime(2026, 5, 1, 22, 0, tzinfo=seoul)
    history = {
        1: [Review(3, evening), Review(3, evening + timedelta(hours=5))],  # 03:00: same day
        2: [Review(3, evening), Review(3, evening + timedelta(hours=7))],  # 05:00: next day
    }
    items = training_items(history, time_zone="Asia/Seoul", rollover_hour=4)
    assert shape(items) == [[(3, 0), (3, 1)]]
    assert shape(training_items(history, time_zone="UTC", rollover_hour=0)) == []


def test_held_out_items_keep_the_history_before_the_cut():
    history = {1: [Review(3, days_ago(20)), Review(3, days_ago(15)), Review(1, days_ago(2))]}
    items = training_items(history, since=days_ago(3))
    assert shape(items) == [[(3, 0), (3, 5), (1, 13)]]


def test_the_time_split_puts_the_earliest_share_of_answers_before_the_cut():
    history = {n: [Review(3, days_ago(100 - n))] for n in range(10)}
    cut = time_split(history, split=0.8)
    earlier = [r for reviews in history.values() for r in reviews if r.reviewed_at < cut]
    assert len(earlier) == 8


def test_fitted_parameters_are_deterministic_and_usable_by_the_scheduler(fast_forgetter):
    items = training_items(fast_forgetter)
    first, second = fit_parameters(items), fit_parameters(items)
    assert first == second
    assert len(first) == 21
    SchedulerConfig(parameters=first)  # within py-fsrs's bounds, or this raises


def test_parameters_fitted_to_a_learner_who_forgets_fast_are_kept(fast_forgetter):
    decision = fit_and_decide(DEFAULT_PARAMETERS, fast_forgetter)
    assert decision.kept
    assert decision.parameters == decision.candidate
    assert decision.after.log_loss < decision.before.log_loss
    assert decision.train_items > 0
    assert decision.test_items >= MIN_TEST_ITEMS
    # The fit moved the first-answer stability (Good) towards the learner's.
    assert abs(decision.candidate[2] - TRUTH[2]) < abs(DEFAULT_PARAMETERS[2] - TRUTH[2])


def test_a_deliberately_worse_candidate_is_refused(fast_forgetter):
    good = fit_and_decide(DEFAULT_PARAMETERS, fast_forgetter).candidate
    worse = list(good)
    worse[0:4] = [value / 8 for value in good[0:4]]
    worse[8] = good[8] / 3
    decision = decide(good, worse, fast_forgetter)
    assert not decision.kept
    assert decision.parameters == tuple(good)
    assert decision.after.log_loss > decision.before.log_loss
    assert decision.to_dict()["before"]["log_loss"] == decision.before.log_loss


def test_a_history_too_short_to_judge_keeps_the_current_parameters():
    history = simulate(TRUTH, cards=10, days=30)
    decision = fit_and_decide(DEFAULT_PARAMETERS, history)
    assert not decision.kept
    assert decision.parameters == tuple(DEFAULT_PARAMETERS)
    assert "fewer than" in decision.reason or "no training items" in decision.reason


def test_default_parameters_predict_a_default_learner_better_than_another_learners():
    history = simulate(DEFAULT_PARAMETERS, cards=200, days=120, seed=5)
    items = training_items(history)
    default = evaluate(DEFAULT_PARAMETERS, items)
    other = evaluate(TRUTH, items)
    assert default.log_loss < other.log_loss


def test_evaluating_nothing_is_an_error():
    with pytest.raises(ValueError, match="no items"):
        evaluate(DEFAULT_PARAMETERS, [])

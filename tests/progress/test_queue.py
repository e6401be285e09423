from datetime import UTC, datetime, timedelta

import pytest

from progress import queue
from progress.models import ReviewCard
from progress.queue import (
    NEW_CARDS_PER_DAY,
    Entry,
    order_queue,
    review_queue,
    separate_siblings,
    weak_cards,
)
from progress.recording import record_review
from tests.factories.accounts import learner
from tests.factories.progress import ReviewCardFactory

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
REVIEW, LEARNING = ReviewCard.State.REVIEW, ReviewCard.State.LEARNING


def entry(card_id, item_id, *, state=REVIEW, days_late=0.0, stability=10.0, reps=3):
    return Entry(card_id, item_id, state, NOW - timedelta(days=days_late), stability, reps)


def ids(entries):
    return [e.card_id for e in entries]


def test_due_cards_come_most_overdue_relative_to_stability_first():
    short_memory = entry(1, 10, days_late=1, stability=2)  # half its stability late
    long_memory = entry(2, 20, days_late=3, stability=30)  # a tenth of its stability late
    assert ids(order_queue([long_memory, short_memory], now=NOW)) == [1, 2]


def test_learning_steps_come_before_reviews_and_new_cards_last():
    new = entry(1, 10, state=LEARNING, reps=0)
    review = entry(2, 20, days_late=5)
    learning = entry(3, 30, state=LEARNING, days_late=0.001, reps=1)
    assert ids(order_queue([new, review, learning], now=NOW)) == [3, 2, 1]


def test_the_two_directions_of_one_word_are_never_back_to_back():
    queue = [entry(1, 10), entry(2, 10), entry(3, 20), entry(4, 20), entry(5, 30)]
    items = [e.item_id for e in separate_siblings(queue)]
    assert all(a != b for a, b in zip(items, items[1:], strict=False))
    assert sorted(items) == [10, 10, 20, 20, 30]


def test_the_word_just_shown_is_not_shown_again_next():
    queue = [entry(1, 10), entry(2, 20)]
    assert ids(separate_siblings(queue, after_item=10)) == [2, 1]
    assert ids(separate_siblings([entry(1, 10)], after_item=10)) == [1]  # never dropped


@pytest.mark.django_db
def test_new_cards_are_limited_per_day_counting_those_started_today():
    user = learner(time_zone="UTC")
    cards = ReviewCardFactory.create_batch(NEW_CARDS_PER_DAY + 5, learner=user, due=NOW)
    assert len(review_queue(user, now=NOW)) == NEW_CARDS_PER_DAY
    record_review(card_id=cards[0].pk, rating=4, reviewed_at=NOW, duration_ms=1,
                  source="web", external_id="a", now=NOW)  # fmt: skip
    queue = review_queue(user, now=NOW + timedelta(minutes=1))
    assert cards[0].pk not in ids(queue)
    assert len(queue) == NEW_CARDS_PER_DAY - 1


@pytest.mark.django_db
def test_a_learning_card_returns_when_its_step_ends():
    user = learner(time_zone="UTC")
    card = ReviewCardFactory(learner=user, due=NOW)
    record_review(card_id=card.pk, rating=1, reviewed_at=NOW, duration_ms=1,
                  source="web", external_id="a", now=NOW)  # fmt: skip
    ReviewCardFactory(learner=user, due=NOW)  # another new card fills the gap
    assert card.pk not in ids(review_queue(user, now=NOW + timedelta(seconds=10)))
    assert ids(review_queue(user, now=NOW + timedelta(minutes=2)))[0] == card.pk


@pytest.mark.django_db
def test_weak_words_are_the_most_forgotten_of_the_learners_own_cards():
    user = learner()
    weak = ReviewCardFactory(learner=user, reps=9, lapses=5, stability=1.0)
    strong = ReviewCardFactory(learner=user, reps=9, lapses=0, stability=50.0)
    ReviewCardFactory(reps=9, lapses=9)  # someone else's
    ReviewCardFactory(learner=user)  # never answered
    assert weak_cards(user) == [weak.pk, strong.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("seen", [0, 3, 4, 9])
def test_the_count_read_with_the_next_card_is_due_count_whatever_the_window(monkeypatch, seen):
    """Below the window the queue's length is the count; at or past it (some due
    cards were left unread) the count is asked for on its own."""
    monkeypatch.setattr(queue, "QUEUE_WINDOW", 5)
    user = learner(time_zone="Asia/Seoul")
    ReviewCardFactory.create_batch(seen, learner=user, due=NOW - timedelta(days=1), reps=2,
                                   state=REVIEW, stability=3.0)  # fmt: skip
    ReviewCardFactory.create_batch(2, learner=user, due=NOW)
    head = queue.queue_head(user, now=NOW, time_zone="Asia/Seoul")
    assert head.left == queue.due_count(user, now=NOW) == seen + 2
    assert head.card == queue.next_card(user, now=NOW)

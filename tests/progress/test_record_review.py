from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from progress import memory
from progress.answering import lock_clause
from progress.exceptions import FutureReview, InvalidRating, UnknownCard
from progress.models import ReviewCard, ReviewLog
from progress.recording import record_review
from progress.scheduler import Review
from tests.factories.accounts import UserFactory, learner
from tests.factories.progress import ReviewCardFactory
from tests.progress.test_scheduler import replay

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def card():
    return ReviewCardFactory(learner=learner(time_zone="Asia/Seoul"), due=T0)


def answer(card, rating, at, external_id, **extra):
    return record_review(
        card_id=card.pk, rating=rating, reviewed_at=at, duration_ms=4000,
        source="web", external_id=external_id, now=extra.pop("now", T0 + timedelta(days=60)),
    )  # fmt: skip


def expected_state(card, history):
    config = memory.config_for(getattr(card.learner, "learner_profile", None))
    reviews = [Review(rating=r, reviewed_at=at) for r, at in history]
    return replay(reviews, config=config, card_id=card.pk)


def test_an_answer_moves_the_card_to_the_schedulers_next_state(card):
    answer(card, 3, T0, "a")
    card.refresh_from_db()
    state = expected_state(card, [(3, T0)])
    assert (card.stability, card.difficulty, card.due, card.reps) == (
        state.stability, state.difficulty, state.due, 1,
    )  # fmt: skip
    assert card.last_review == T0


def test_the_same_external_id_twice_records_once(card):
    first = answer(card, 3, T0, "click-1")
    card.refresh_from_db()
    after_first = (card.stability, card.due, card.reps)
    second = answer(card, 1, T0 + timedelta(minutes=5), "click-1")
    card.refresh_from_db()
    assert second.pk == first.pk
    assert ReviewLog.objects.count() == 1
    assert (card.stability, card.due, card.reps) == after_first


def test_external_ids_are_unique_per_learner_not_globally(card):
    other = ReviewCardFactory(due=T0)
    answer(card, 3, T0, "anki-77")
    answer(other, 3, T0, "anki-77")
    assert ReviewLog.objects.count() == 2


def test_the_returned_log_is_the_stored_row(card):
    log = answer(card, 2, T0, "stored")
    stored = ReviewLog.objects.get()
    assert log.pk == stored.pk
    assert (log.learner_id, log.card_id, log.rating, log.reviewed_at, log.created_at) == (
        stored.learner_id, card.pk, 2, T0, stored.created_at,
    )  # fmt: skip
    assert (stored.duration_ms, stored.source, stored.external_id) == (4000, "web", "stored")
    # The database holds a log's learner by its card alone: it must be the card's.
    assert stored.learner_id == card.learner_id


def test_an_answer_is_one_lock_then_one_insert_and_one_update(card):
    # The idempotency check rides on the insert (ON CONFLICT), not on a read before it;
    # on PostgreSQL the insert and the update are one statement (WITH … INSERT … UPDATE).
    with CaptureQueriesContext(connection) as queries:
        answer(card, 3, T0, "a")
    sql = [
        query["sql"] for query in queries if query["sql"].split()[0] not in ("SAVEPOINT", "RELEASE")
    ]
    assert sql[0].startswith("SELECT") and sql[0].endswith(lock_clause())
    writes = [" ".join(verb for verb in ("INSERT", "UPDATE") if verb in text) for text in sql[1:]]
    together = connection.vendor == "postgresql"
    assert writes == (["INSERT UPDATE"] if together else ["INSERT", "UPDATE"])


def test_a_repeated_external_id_on_another_card_returns_the_first_log_and_changes_neither(card):
    other = ReviewCardFactory(learner=card.learner, due=T0)
    first = answer(card, 3, T0, "sync-9")
    card.refresh_from_db()
    after_first = (card.stability, card.due, card.reps)
    again = answer(other, 1, T0 + timedelta(minutes=1), "sync-9")
    card.refresh_from_db()
    other.refresh_from_db()
    assert (again.pk, again.card_id) == (first.pk, card.pk)
    assert (card.stability, card.due, card.reps) == after_first
    assert (other.reps, other.last_review) == (0, None)


def test_an_overlong_external_id_is_refused_and_changes_nothing(card):
    with pytest.raises(ValidationError, match="external_id"):
        answer(card, 3, T0, "x" * 65)
    card.refresh_from_db()
    assert not ReviewLog.objects.exists()
    assert card.reps == 0


def test_a_learner_without_a_profile_is_scheduled_with_the_default_settings():
    card = ReviewCardFactory(learner=UserFactory(), due=T0)
    answer(card, 3, T0, "a")
    card.refresh_from_db()
    state = expected_state(card, [(3, T0)])
    assert (card.stability, card.difficulty, card.due) == (
        state.stability, state.difficulty, state.due,
    )  # fmt: skip


@pytest.mark.parametrize("rating", [0, 5, -1])
def test_a_rating_outside_one_to_four_is_refused(card, rating):
    with pytest.raises(InvalidRating, match="1 \\(Again\\) to 4 \\(Easy\\)"):
        answer(card, rating, T0, "x")
    assert not ReviewLog.objects.exists()


def test_an_unknown_card_is_refused():
    with pytest.raises(UnknownCard, match="no review card 999"):
        record_review(card_id=999, rating=3, reviewed_at=T0, duration_ms=1, source="web",
                      external_id="x", now=T0)  # fmt: skip


def test_a_review_in_the_future_is_refused(card):
    with pytest.raises(FutureReview, match="in the future"):
        answer(card, 3, T0 + timedelta(hours=1), "x", now=T0)
    card.refresh_from_db()
    assert card.reps == 0


def test_an_older_review_arriving_late_replays_the_history_in_time_order(card):
    answer(card, 3, T0, "web-1")
    answer(card, 3, T0 + timedelta(days=10), "web-2")
    answer(card, 1, T0 + timedelta(days=4), "anki-offline")  # reviewed offline, synced late
    card.refresh_from_db()
    history = [(3, T0), (1, T0 + timedelta(days=4)), (3, T0 + timedelta(days=10))]
    state = expected_state(card, history)
    assert (card.stability, card.difficulty, card.due, card.state, card.reps) == (
        state.stability, state.difficulty, state.due, int(state.state), 3,
    )  # fmt: skip
    assert card.last_review == T0 + timedelta(days=10)


def test_again_on_a_review_card_counts_a_lapse(card):
    answer(card, 4, T0, "1")
    answer(card, 1, T0 + timedelta(days=20), "2")
    card.refresh_from_db()
    assert card.lapses == 1
    assert card.state == ReviewCard.State.RELEARNING

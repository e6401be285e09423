"""record_review through its statements written once (progress.answering) keeps its
contract: each answer leaves the card as the scheduler says (one step for an answer
in time order, the whole history replayed for a late one), a repeated external id
changes nothing, the card row (and only it) is locked, bad input changes nothing."""

import threading
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accounts.models import LearnerProfile
from progress import answering, memory, scheduler
from progress.models import ReviewCard, ReviewLog
from progress.recording import record_review
from progress.scheduler import MemoryState, Rating, Review, State
from tests.factories.accounts import UserFactory, learner
from tests.factories.progress import ReviewCardFactory
from tests.progress.test_scheduler import PARAMS

# 03:50 in Seoul: answers fall on both sides of the learner's day boundary.
BASE = datetime(2026, 3, 2, 18, 50, tzinfo=UTC)
NOW = BASE + timedelta(days=30)
ZONES = ["Asia/Seoul", "America/New_York", "Australia/Lord_Howe", None]  # None: no profile
answers = st.lists(
    st.tuples(
        st.sampled_from([1, 2, 3, 4]),
        st.integers(min_value=-3 * 24 * 60, max_value=12 * 24 * 60),  # minutes from BASE
        st.integers(min_value=0, max_value=5),  # external id: repeats happen
    ),
    min_size=1,
    max_size=7,
)


def answer(card, rating, at, key):
    return record_review(card_id=card.pk, rating=rating, reviewed_at=at, duration_ms=2000,
                         source="api", external_id=f"k{key}", now=NOW)  # fmt: skip


def stored(card) -> memory.CardMemory:
    card.refresh_from_db()
    return memory.memory_of(card)


class SameStateAsTheSchedulerTests(TestCase):
    @settings(max_examples=50, deadline=None)
    @given(answers, st.sampled_from(ZONES), st.booleans())
    def test_each_answer_leaves_the_card_as_the_scheduler_says(self, answers, zone, fitted):
        extra = {"fsrs_parameters": PARAMS, "desired_retention": 0.85} if fitted else {}
        user = learner(time_zone=zone, **extra) if zone else UserFactory()
        card = ReviewCardFactory(learner=user, due=BASE)
        config = memory.config_for(LearnerProfile.objects.filter(user=user).first())
        history, first_logs = [], {}
        for rating, minutes, key in answers:
            at, before = BASE + timedelta(minutes=minutes), stored(card)
            log = answer(card, rating, at, key)
            after = stored(card)
            if key in first_logs:  # a repeat: the first log back, nothing changed
                assert (log.pk, after) == (first_logs[key], before)
                continue
            first_logs[key] = log.pk
            history.append(Review(rating, at))
            last = before.state.last_review
            if last is None or at >= last:
                state = scheduler.review(before.state, Rating(rating), now=at, config=config,
                                         card_id=card.pk)  # fmt: skip
                lapsed = before.state.state == State.Review and rating == Rating.Again
                assert after == memory.CardMemory(state=state, lapses=before.lapses + lapsed)
            else:  # late: the whole history replayed in time order
                assert after == memory.replay(history, config=config, card_id=card.pk)
        assert ReviewLog.objects.filter(card=card).count() == len(history)


def test_the_update_writes_every_field_the_memory_stores():
    card = answering.LockedCard()
    fields = memory.store(card, memory.CardMemory(state=MemoryState()))
    assert tuple(fields) == answering.MEMORY_FIELDS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("source", "fax"), ("external_id", ""), ("duration_ms", -1)]
)
def test_a_bad_field_is_refused_by_name_and_changes_nothing(field, value):
    card = ReviewCardFactory(learner=learner(), due=BASE)
    given_values = {"duration_ms": 2000, "source": "api", "external_id": "k", field: value}
    with pytest.raises(ValidationError, match=field):
        record_review(card_id=card.pk, rating=3, reviewed_at=BASE, now=NOW, **given_values)
    card.refresh_from_db()
    assert (card.reps, card.last_review, ReviewLog.objects.count()) == (0, None, 0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_answers_read_locks_the_card_row_and_not_the_profile(postgres):
    card = ReviewCardFactory(learner=learner(), due=BASE)
    held, release, errors = threading.Event(), threading.Event(), []

    def hold():
        try:
            with transaction.atomic():
                answering.locked_card_row(card.pk)
                held.set()
                release.wait(30)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            held.set()
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        held.wait(30)
        with pytest.raises(OperationalError, match="could not obtain lock"), transaction.atomic():
            ReviewCard.objects.select_for_update(nowait=True).get(pk=card.pk)
        with transaction.atomic():
            profiles = LearnerProfile.objects.select_for_update(nowait=True)
            assert profiles.get(user_id=card.learner_id)
    finally:
        release.set()
        thread.join()
    assert not errors, errors

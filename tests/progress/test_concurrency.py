"""Concurrent writes on PostgreSQL: row locks and unique markers, not luck."""

import threading
from datetime import UTC, datetime, timedelta

from django.db import connection

import pytest

from progress import memory
from progress.models import Notification, ReviewLog
from progress.recording import record_review
from progress.reminders import send_review_reminders
from progress.scheduler import Review
from tests.factories.accounts import learner
from tests.factories.progress import ReviewCardFactory
from tests.progress.test_scheduler import replay

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def at_once(*calls):
    """Run each call in its own thread and connection, released together."""
    start, errors = threading.Barrier(len(calls)), []

    def run(call):
        try:
            start.wait()
            call()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_two_answers_to_one_card_at_once_both_land_in_time_order(postgres):
    user = learner(time_zone="Asia/Seoul")
    first, second = T0, T0 + timedelta(days=2)

    def answer(card, rating, at, key):
        return lambda: record_review(card_id=card.pk, rating=rating, reviewed_at=at,
                                     duration_ms=1, source="api", external_id=key,
                                     now=T0 + timedelta(days=3))  # fmt: skip

    for attempt in range(5):  # either thread may win the lock; both orders must end the same
        card = ReviewCardFactory(learner=user, due=T0)
        at_once(answer(card, 3, first, f"a{attempt}"), answer(card, 1, second, f"b{attempt}"))
        card.refresh_from_db()
        config = memory.config_for(card.learner.learner_profile)
        expected = replay([Review(3, first), Review(1, second)], config=config, card_id=card.pk)
        assert ReviewLog.objects.filter(card=card).count() == 2
        assert (card.stability, card.difficulty, card.due, card.last_review) == (
            expected.stability, expected.difficulty, expected.due, second,
        )  # fmt: skip


def test_the_same_answer_posted_twice_at_once_records_once(postgres):
    card = ReviewCardFactory(learner=learner(), due=T0)
    answer = lambda: record_review(card_id=card.pk, rating=3, reviewed_at=T0, duration_ms=1,  # noqa: E731
                                   source="web", external_id="click", now=T0)  # fmt: skip
    at_once(answer, answer)
    card.refresh_from_db()
    assert ReviewLog.objects.filter(card=card).count() == 1
    assert card.reps == 1


def test_two_reminder_passes_at_once_remind_each_learner_once(postgres):
    users = [learner(time_zone="Asia/Seoul", reminder_hour=19) for _ in range(5)]
    for user in users:
        ReviewCardFactory(learner=user, due=T0)
    now = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    at_once(*[lambda: send_review_reminders(now=now)] * 2)
    assert Notification.objects.count() == 5
    assert sorted(Notification.objects.values_list("learner_id", flat=True)) == sorted(
        u.pk for u in users
    )

from datetime import UTC, datetime, timedelta

import pytest

from progress.models import LearnerStats
from progress.recording import record_review
from progress.stats import refresh_learner_stats
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory
from tests.factories.progress import ExerciseAttemptFactory, ReviewCardFactory

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def answer(card, rating, at, key):
    record_review(card_id=card.pk, rating=rating, reviewed_at=at, duration_ms=1,
                  source="web", external_id=key, now=NOW)  # fmt: skip


def test_stats_aggregate_reviews_due_cards_retention_streak_and_leeches():
    user = learner(time_zone="Asia/Seoul")
    card = ReviewCardFactory(learner=user, due=NOW - timedelta(days=40))
    for n, days_ago in enumerate((20, 3, 2, 1)):
        answer(card, 3, NOW - timedelta(days=days_ago), f"a{n}")
    ReviewCardFactory(learner=user, due=NOW + timedelta(days=3), reps=8, lapses=4,
                      stability=1.0, difficulty=8.0, last_review=NOW - timedelta(days=1),
                      state=2)  # fmt: skip
    ReviewCardFactory(learner=user, due=NOW + timedelta(days=60))
    assert refresh_learner_stats(now=NOW, batch_size=1) == 1
    stats = LearnerStats.objects.get(learner=user)
    assert (stats.reviews_7_days, stats.reviews_30_days) == (3, 4)
    assert stats.due_7_days == 1 + (card.refresh_from_db() or card.due <= NOW + timedelta(days=7))
    assert stats.streak_days == 3
    assert stats.leeches == 1
    assert 0.5 < stats.average_retrievability <= 1.0


def test_refreshing_twice_keeps_one_row_per_learner_in_batches():
    users = [learner() for _ in range(3)]
    for user in users:
        ReviewCardFactory(learner=user)
    refresh_learner_stats(now=NOW, batch_size=2)
    assert refresh_learner_stats(now=NOW + timedelta(days=1), batch_size=2) == 3
    assert LearnerStats.objects.count() == 3
    assert set(LearnerStats.objects.values_list("refreshed_at", flat=True)) == {
        NOW + timedelta(days=1)
    }


def test_the_nightly_streak_is_the_streaks_rule_over_reviews_and_lesson_answers():
    """Reviews on 9 days, a lesson answer on one more, then a missed day that the
    freeze earned on the 7th studied day covers: the page's streak, stored nightly."""
    user = learner(time_zone="UTC")
    card = ReviewCardFactory(learner=user, due=NOW - timedelta(days=40))
    for days_ago in (*range(12, 3, -1), 1):
        answer(card, 3, NOW - timedelta(days=days_ago), f"d{days_ago}")
    ExerciseAttemptFactory(
        learner=user, lesson=LessonPageFactory(), created_at=NOW - timedelta(days=3)
    )
    refresh_learner_stats(now=NOW)
    # 11 studied days, day 2 ago forgiven by a freeze; today is not over yet.
    assert LearnerStats.objects.get(learner=user).streak_days == 11

"""The learner's progress page: goal, streak and charts from the learner's own
answers, counted on the learner's days, in a fixed number of queries."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse

import pytest
import time_machine

from progress import memory
from progress.models import ReviewCard, ReviewLog
from progress.recording import record_review
from progress.scheduler import retrievability
from progress.stats import learner_progress
from progress.streaks import Streak
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import ExerciseAttemptFactory, ReviewCardFactory

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # 21:00 on 20 March in Seoul
URL = "/learn/progress/"
DAY = timedelta(days=1)
pytestmark = pytest.mark.django_db


def answer(card, rating, at, key=None):
    record_review(card_id=card.pk, rating=rating, reviewed_at=at, duration_ms=1, source="web",
                  external_id=key or f"{card.pk}-{at.isoformat()}", now=NOW)  # fmt: skip


@pytest.fixture
def lesson():
    return LessonPageFactory()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_url_is_the_learners_own_page():
    assert reverse("progress:progress_page") == URL


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response.url


def test_todays_goal_counts_answers_on_the_learners_calendar_day():
    user = learner(time_zone="Asia/Seoul", daily_review_goal=3)
    card = ReviewCardFactory(learner=user, due=NOW - 2 * DAY)
    answer(card, 3, datetime(2026, 3, 19, 14, 30, tzinfo=UTC))  # 23:30 on the 19th in Seoul
    answer(card, 3, datetime(2026, 3, 19, 15, 30, tzinfo=UTC))  # 00:30 on the 20th in Seoul
    progress = learner_progress(user, now=NOW)
    assert (progress.goal, progress.done_today) == (3, 1)
    assert progress.reviews[-2:] == [1, 1]
    assert len(progress.days) == len(progress.reviews) == 30
    assert progress.days[-1] == NOW.date()


def test_the_streak_counts_reviews_and_lesson_answers_and_spends_a_freeze(lesson):
    user = learner(time_zone="UTC")
    for n in range(2, 9):  # seven days of lesson answers earn a freeze
        ExerciseAttemptFactory(learner=user, lesson=lesson, created_at=NOW - n * DAY)
    answer(ReviewCardFactory(learner=user), 3, NOW - timedelta(hours=1))  # yesterday missed
    progress = learner_progress(user, now=NOW)
    assert progress.streak == Streak(days=8, freezes_held=0, freezes_used=1, studied_today=True)


def test_a_word_is_known_while_one_of_its_cards_is_in_the_review_state():
    user = learner(time_zone="UTC")
    steady, learned, lapsed = (VocabularyItemFactory() for _ in range(3))
    old = ReviewCardFactory(learner=user, item=steady, due=NOW - 60 * DAY)
    answer(old, 4, NOW - 45 * DAY)  # Easy: in Review since before the window
    both = [
        ReviewCardFactory(learner=user, item=learned, direction=direction)
        for direction in ("recognition", "production")
    ]
    for card in both:  # two cards of one word: one word known
        answer(card, 3, NOW - 5 * DAY)
        answer(card, 3, NOW - 5 * DAY + timedelta(minutes=15))
    forgotten = ReviewCardFactory(learner=user, item=lapsed, due=NOW - 10 * DAY)
    answer(forgotten, 4, NOW - 3 * DAY)
    answer(forgotten, 1, NOW - DAY)  # Again in Review: relearning, no longer known
    known = learner_progress(user, now=NOW).known
    assert known[-7:] == [1, 2, 2, 3, 3, 2, 2]
    stored = ReviewCard.objects.filter(learner=user, state=ReviewCard.State.REVIEW)
    assert known[-1] == stored.values("item").distinct().count()


def test_the_forecast_starts_at_todays_retrievability_and_falls():
    user = learner(time_zone="Asia/Seoul")
    cards = [ReviewCardFactory(learner=user, due=NOW - 9 * DAY) for _ in range(2)]
    answer(cards[0], 3, NOW - 8 * DAY)
    answer(cards[1], 4, NOW - 2 * DAY)
    ReviewCardFactory(learner=user)  # never answered: no memory to forecast
    retention = learner_progress(user, now=NOW).retention
    config = memory.config_for(user.learner_profile)
    today = [
        retrievability(memory.memory_of(card).state, now=NOW, config=config)
        for card in ReviewCard.objects.filter(learner=user, reps__gt=0)
    ]
    assert len(retention) == 31
    assert retention[0] == pytest.approx(sum(today) / 2)
    assert all(later < earlier for earlier, later in zip(retention, retention[1:], strict=False))


def test_a_new_learner_gets_empty_charts_and_no_forecast(client, frozen):
    client.force_login(learner(ui_language="ko"))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["retention_chart"] is None
    assert "먼저 단어 몇 개를 복습하십시오" in response.content.decode()


def test_the_page_is_korean_with_svg_charts_and_tables_behind_them(client, frozen):
    user = learner(ui_language="ko", daily_review_goal=5)
    answer(ReviewCardFactory(learner=user), 3, NOW - timedelta(hours=1))
    client.force_login(user)
    body = client.get(URL).content.decode()
    assert "오늘의 목표" in body
    assert "연속 학습" in body
    assert body.count('role="img"') == body.count("<table>") == 3
    assert body.count('<tr><th scope="row">') == 30 + 30 + 31
    assert 'viewBox="0 0 360 200"' in body


def test_another_learners_answers_never_reach_the_page(client, frozen):
    other = learner()
    answer(ReviewCardFactory(learner=other), 3, NOW - timedelta(hours=1))
    client.force_login(learner())
    progress = client.get(URL).context["progress"]
    assert sum(progress.reviews) == progress.done_today == 0
    assert progress.streak == Streak()
    assert progress.retention[0] is None


def study(user, lesson, cards: int, days: int):
    for n in range(cards):
        card = ReviewCardFactory(learner=user, due=NOW - 40 * DAY)
        for day in range(days):
            answer(card, 3, NOW - (day + 1) * DAY - timedelta(minutes=n))
        ExerciseAttemptFactory(learner=user, lesson=lesson, created_at=NOW - n * DAY)


def test_the_query_count_is_flat_in_cards_and_reviews(
    client, frozen, lesson, django_assert_max_num_queries
):
    user = learner()
    client.force_login(user)
    study(user, lesson, cards=2, days=2)
    client.get(URL)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    limit = len(few.captured_queries)
    study(user, lesson, cards=25, days=6)
    assert ReviewLog.objects.filter(learner=user).count() == 4 + 150
    with django_assert_max_num_queries(limit):
        client.get(URL)


def test_the_home_page_links_to_the_progress_page(client):
    client.force_login(learner())
    assert f'href="{URL}"' in client.get("/").content.decode()

"""The home page and the review session count due words with one rule
(`progress.queue.due_count`): around the learner's day boundary, with answered,
learning and new cards and the daily new-card limit, the home's count is the
session's "cards left" and the number of cards the session then shows."""

import re
from datetime import UTC, datetime, timedelta

from django.urls import reverse

import pytest
import time_machine

from progress.models import ReviewCard
from progress.recording import record_review
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
# 03:50 in Seoul: the learner's calendar day has turned, their Anki day (04:00) has not.
NOW = datetime(2026, 3, 2, 18, 50, tzinfo=UTC)
NEXT_DAY = datetime(2026, 3, 2, 19, 0, tzinfo=UTC)


def answer(card, rating, when, *, due=None):
    record_review(card_id=card.pk, rating=rating, reviewed_at=when, duration_ms=1000,
                  source="web", external_id=f"setup-{card.pk}-{when:%s}", now=when)  # fmt: skip
    if due is not None:
        ReviewCard.objects.filter(pk=card.pk).update(due=due)


@pytest.fixture
def user():
    user = learner(time_zone="Asia/Seoul", ui_language="ko")
    card = lambda **kw: ReviewCardFactory(learner=user, due=NOW - timedelta(days=30), **kw)  # noqa: E731
    answer(card(), 4, NOW - timedelta(days=20), due=NOW - timedelta(days=2))  # overdue: due
    answer(card(), 4, NOW - timedelta(days=20), due=NEXT_DAY)  # due when the Anki day turns
    answer(card(), 1, NOW - timedelta(minutes=6))  # its learning step ended: due
    answer(card(), 1, NOW - timedelta(minutes=6), due=NOW + timedelta(hours=2))  # later today
    for _ in range(2):  # started earlier in this Anki day: they use up the new-card limit
        answer(card(), 4, NOW - timedelta(minutes=110))
    answer(card(), 4, NOW - timedelta(days=1, minutes=30), due=NOW + timedelta(days=3))
    word = VocabularyItemFactory()  # both directions of one word, both new
    card(item=word)
    card(item=word, direction=ReviewCard.Direction.PRODUCTION)
    for _ in range(22):
        card()
    return user


def home_count(client) -> int:
    return client.get("/").context["learner_home"].reviews_due


def cards_left(page: str) -> int:
    return int(re.search(r'data-left="(\d+)"', page).group(1))


def walk_the_session(client) -> tuple[int, str]:
    """Answer Easy to every card the session shows; (cards answered, the last page)."""
    page, answered = client.get(reverse("progress:review"), **HTMX).content.decode(), 0
    while (shown := re.search(r'data-card="(\d+)"', page)) and answered < 100:
        card_id = int(shown.group(1))
        reveal = client.get(reverse("progress:review_reveal", args=[card_id]), **HTMX)
        key = re.search(r'name="idempotency_key" value="([^"]+)"', reveal.content.decode())
        url = reverse("progress:review_answer", args=[card_id])
        page = client.post(url, {"rating": "4", "idempotency_key": key.group(1)}, **HTMX)
        page, answered = page.content.decode(), answered + 1
    return answered, page


def test_the_home_count_is_the_sessions_count_and_both_reach_zero(client, user):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        due = home_count(client)
        assert due == 18  # 1 overdue + 1 learning + 16 new (20 a day, 4 started today)
        assert cards_left(client.get(reverse("progress:review")).content.decode()) == due
        answered, last = walk_the_session(client)
        assert answered == due
        assert home_count(client) == 0
        page = client.get(reverse("progress:review")).content.decode()
    assert 'id="review-summary"' in last and 'id="review-summary"' in page
    assert re.search(r'data-summary="reviewed">21<', page)  # 18 now, 3 earlier today
    assert "다음 복습은 10분 뒤입니다." in page  # the card due when the Anki day turns


def test_the_home_count_agrees_after_the_anki_day_turns(client, user):
    client.force_login(user)
    with time_machine.travel(NEXT_DAY + timedelta(minutes=1), tick=False):
        due = home_count(client)
        assert due == 23  # 2 answered + 1 learning + 20 new: a new day's limit
        assert cards_left(client.get(reverse("progress:review")).content.decode()) == due
        assert walk_the_session(client)[0] == due


def test_a_learner_with_no_words_is_told_to_study_a_lesson_first(client):
    client.force_login(learner(ui_language="ko"))
    page = client.get(reverse("progress:review")).content.decode()
    assert 'id="review-empty"' in page and 'href="/courses/"' in page
    assert "지금은 다 했습니다" not in page

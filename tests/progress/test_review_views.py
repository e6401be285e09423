import re
import uuid
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from lessons.models import VocabularyItem
from progress.models import Notification, ReviewCard, ReviewLog
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def user():
    return learner(gloss_preference="north")


@pytest.fixture
def card(user):
    return ReviewCardFactory(learner=user, item__gloss_nk="약국", item__gloss_sk="약방")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def key_of(response) -> str:
    page = response.content.decode()
    return re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page).group(1)


def test_the_session_shows_the_next_due_card(signed_in, card):
    response = signed_in.get(reverse("progress:review"))
    assert card.item.headword in response.content.decode()
    assert reverse("progress:review_reveal", args=[card.pk]) in response.content.decode()


def test_revealing_shows_the_preferred_gloss_and_each_buttons_next_interval(signed_in, card):
    response = signed_in.get(reverse("progress:review_reveal", args=[card.pk]))
    page = response.content.decode()
    assert "약국" in page and "약방" not in page
    intervals = re.findall(r'class="rating__interval">([^<]+)<', page)
    assert intervals[:3] == ["1m", "6m", "10m"]  # learning steps; Easy graduates in days
    assert re.fullmatch(r"\d+d", intervals[3])
    assert [n for n in "1234" if f'data-rating="{n}"' in page] == list("1234")


def test_an_answer_records_once_however_often_it_is_posted(signed_in, card):
    key = key_of(signed_in.get(reverse("progress:review_reveal", args=[card.pk])))
    url = reverse("progress:review_answer", args=[card.pk])
    for _ in range(2):
        response = signed_in.post(url, {"rating": "3", "idempotency_key": key})
        assert response.status_code == 302
    assert ReviewLog.objects.filter(card=card).count() == 1
    card.refresh_from_db()
    assert card.reps == 1
    assert response.url == f"{reverse('progress:review')}?after={card.item_id}"


def test_an_htmx_answer_returns_the_next_card(signed_in, user, card):
    other = ReviewCardFactory(learner=user)
    key = key_of(signed_in.get(reverse("progress:review_reveal", args=[card.pk])))
    url = reverse("progress:review_answer", args=[card.pk])
    response = signed_in.post(url, {"rating": "4", "idempotency_key": key}, **HTMX)
    assert f'data-card="{other.pk}"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_a_rating_outside_one_to_four_is_refused(signed_in, card):
    url = reverse("progress:review_answer", args=[card.pk])
    key = key_of(signed_in.get(reverse("progress:review_reveal", args=[card.pk])))
    response = signed_in.post(url, {"rating": "7", "idempotency_key": key}, **HTMX)
    assert response.status_code == 400
    assert "The answer could not be read" in response.content.decode()
    assert not ReviewLog.objects.exists()


@pytest.mark.parametrize("key", ["", "abc", "web-1"])
def test_an_answer_without_a_readable_key_is_refused_and_changes_nothing(signed_in, card, key):
    url = reverse("progress:review_answer", args=[card.pk])
    response = signed_in.post(url, {"rating": "3", "idempotency_key": key})
    assert response.status_code == 400
    assert reverse("progress:review") in response.content.decode()  # the card again
    assert not ReviewLog.objects.exists()
    card.refresh_from_db()
    assert card.reps == 0


def test_a_repeated_key_records_once_and_answers_with_the_same_next_card(signed_in, user, card):
    other = ReviewCardFactory(learner=user)
    key = key_of(signed_in.get(reverse("progress:review_reveal", args=[card.pk])))
    url = reverse("progress:review_answer", args=[card.pk])
    first = signed_in.post(url, {"rating": "3", "idempotency_key": key}, **HTMX)
    card.refresh_from_db()
    after_one = (card.reps, card.state, card.step, card.due, card.stability, card.difficulty)
    again = signed_in.post(url, {"rating": "1", "idempotency_key": key}, **HTMX)
    card.refresh_from_db()
    assert (
        card.reps,
        card.state,
        card.step,
        card.due,
        card.stability,
        card.difficulty,
    ) == after_one
    assert ReviewLog.objects.get(card=card).external_id == f"web-{key}"
    for response in (first, again):
        assert response.status_code == 200
        assert f'data-card="{other.pk}"' in response.content.decode()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("progress:review_reveal", "get"),
        ("progress:review_check", "post"),
        ("progress:review_answer", "post"),
        ("progress:drill_reveal", "get"),
        ("progress:drill_answer", "post"),
    ],
)
def test_another_learners_card_is_not_found(client, card, name, method):
    client.force_login(learner())
    response = getattr(client, method)(
        reverse(name, args=[card.pk]), {"rating": "3", "idempotency_key": str(uuid.uuid4())}
    )
    assert response.status_code == 404
    assert not ReviewLog.objects.exists()


def test_reviewing_needs_a_signed_in_learner(client, card):
    response = client.get(reverse("progress:review"))
    assert response.status_code == 302
    assert "login" in response.url


def test_a_typed_production_answer_is_graded_into_a_suggested_rating(signed_in, user):
    card = ReviewCardFactory(learner=user, direction=ReviewCard.Direction.PRODUCTION,
                             item__headword="pharmacy")  # fmt: skip
    shown = int((timezone.now() - timedelta(seconds=8)).timestamp() * 1000)
    url = reverse("progress:review_check", args=[card.pk])
    right = signed_in.post(url, {"typed": "Pharmacy", "shown_at": shown}).content.decode()
    assert re.search(r'data-rating="3" class="[^"]*rating--suggested', right)
    typo = signed_in.post(url, {"typed": "pharmacie", "shown_at": shown}).content.decode()
    assert re.search(r'data-rating="2" class="[^"]*rating--suggested', typo)
    wrong = signed_in.post(url, {"typed": "bakery", "shown_at": shown}).content.decode()
    assert re.search(r'data-rating="1" class="[^"]*rating--suggested', wrong)
    assert "Not quite" in wrong


def test_drilling_weak_words_leaves_the_schedule_alone(signed_in, user):
    weak = ReviewCardFactory(learner=user, reps=5, lapses=6, stability=0.5, state=2,
                             due=timezone.now() + timedelta(days=3))  # fmt: skip
    page = signed_in.get(reverse("progress:drill")).content.decode()
    assert f'data-card="{weak.pk}"' in page
    reveal = signed_in.get(reverse("progress:drill_reveal", args=[weak.pk])).content.decode()
    assert "rating__interval" not in reveal
    response = signed_in.post(reverse("progress:drill_answer", args=[weak.pk]), {"rating": "1"})
    assert response.url == f"{reverse('progress:drill')}?after={weak.pk}"
    assert not ReviewLog.objects.exists()
    before = (weak.reps, weak.lapses, weak.due)
    weak.refresh_from_db()
    assert (weak.reps, weak.lapses, weak.due) == before


def test_the_home_page_links_to_the_session_and_shows_unread_notifications(signed_in, user):
    Notification.objects.create(learner=user, kind="review_reminder", text="Words are waiting",
                                created_at=timezone.now())  # fmt: skip
    page = signed_in.get("/").content.decode()
    assert reverse("progress:review") in page
    assert reverse("progress:drill") in page
    assert "Words are waiting" in page


DIRECTIONS = ReviewCard.Direction.values


def deck(user, cards: int) -> ReviewCard:
    """`cards` cards (both directions of cards / 2 words), each answered twice before,
    a third due now and a tenth new; returns the card due first."""
    now = timezone.now()
    items = VocabularyItem.objects.bulk_create(
        VocabularyItemFactory.build() for _ in range(cards // 2)
    )
    made = ReviewCard.objects.bulk_create(
        ReviewCard(learner=user, item=item, direction=direction, state=2, step=None, reps=2,
                   stability=3.0 + n, difficulty=5.0, last_review=now - timedelta(days=4),
                   due=now - timedelta(hours=n) if n % 3 else now + timedelta(days=n))
        if n % 10 else ReviewCard(learner=user, item=item, direction=direction, due=now)
        for n, (item, direction) in enumerate((i, d) for i in items for d in DIRECTIONS)
    )  # fmt: skip
    ReviewLog.objects.bulk_create(
        ReviewLog(learner=user, card=card, rating=3, source="web", external_id=f"old-{card.pk}-{n}",
                  reviewed_at=now - timedelta(days=4 + 3 * n))
        for card in made if card.reps for n in range(card.reps)
    )  # fmt: skip
    return ReviewCard.objects.filter(learner=user).order_by("due").first()


def answer_queries(client, user, cards: int) -> list[str]:
    """The statements one htmx answer sends for a learner holding `cards` cards, on
    the review page (whose first visit keeps the learner's preferences in the session)."""
    card = deck(user, cards)
    client.force_login(user)
    client.get(reverse("progress:review"))
    url = reverse("progress:review_answer", args=[card.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {"rating": "3", "idempotency_key": str(uuid.uuid4())}, **HTMX)
    assert response.status_code == 200
    assert "data-card=" in response.content.decode()
    return [query["sql"] for query in queries.captured_queries]


def test_an_answer_sends_as_many_statements_for_300_cards_as_for_10(client):
    few, many = (answer_queries(client, learner(), cards) for cards in (10, 300))
    assert len(few) == len(many) <= 10


def test_an_answer_reads_the_learners_profile_with_the_card_not_on_its_own(client):
    """The view takes the profile from its read of the card; only the queue reads it alone."""
    statements = answer_queries(client, learner(), 10)
    alone = [
        sql for sql in statements if re.match(r'SELECT .* FROM "accounts_learnerprofile"', sql)
    ]
    assert len(alone) <= 1

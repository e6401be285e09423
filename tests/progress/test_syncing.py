import random
import re
import threading
import uuid
from datetime import timedelta

from django.db import connection
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

import pytest

from progress import memory, recording, syncing
from progress.exceptions import OfflinePayloadError
from progress.models import ExerciseAttempt, LessonProgress, ReviewCard, ReviewLog
from progress.scheduler import Review
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return learner()


@pytest.fixture
def now():
    """Now to the millisecond, the precision of the phone's times."""
    moment = timezone.now()
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def own_card(user, **fields):
    # A sense of its own: the lesson fixture's words take the factory's first headwords.
    return ReviewCardFactory(learner=user, item__sense=key()[:8], **fields)


def ms(moment) -> int:
    return int(moment.timestamp() * 1000)


def key() -> str:
    return str(uuid.uuid4())


def review(card, rating, at, **fields):
    return {"key": key(), "card_id": card.pk, "rating": rating, "reviewed_at": ms(at)} | fields


def answer(lesson, block_id, data, at, **fields):
    return {
        "key": key(),
        "page_id": lesson.pk,
        "block_id": block_id,
        "answer": data,
        "answered_at": ms(at),
    } | fields


def completion(lesson, at):
    return {"key": key(), "page_id": lesson.pk, "completed_at": ms(at)}


def statuses(results) -> list[str]:
    return [result.status for result in results]


def card_state(card) -> dict:
    card.refresh_from_db()
    return model_to_dict(card, fields=recording.MEMORY_FIELDS)


def counts() -> tuple[int, int, int]:
    return (
        ExerciseAttempt.objects.count(),
        ReviewLog.objects.count(),
        LessonProgress.objects.completed().count(),
    )


def test_the_same_sync_twice_records_nothing_new(user, now, lesson):
    card = own_card(user, due=now - timedelta(days=1))
    payload = {
        "answers": [answer(lesson, "mc-1", {"choice": ["0"]}, now - timedelta(minutes=9))],
        "reviews": [
            review(card, 3, now - timedelta(minutes=5), duration_ms=4000),
            review(card, 1, now - timedelta(minutes=3), duration_ms=None),
        ],
        "completions": [completion(lesson, now - timedelta(minutes=1))],
    }
    first = syncing.sync_offline(learner=user, payload=payload, now=now)
    after_first, state = counts(), card_state(card)
    again = syncing.sync_offline(learner=user, payload=payload, now=now)
    assert statuses(first) == ["recorded", "refused", "recorded", "recorded"]
    assert statuses(again) == ["duplicate", "refused", "duplicate", "duplicate"]
    assert counts() == after_first == (1, 2, 0)
    assert card_state(card) == state


def test_a_synced_answer_is_graded_on_the_server_at_the_time_it_was_given(user, now, lesson):
    at = now - timedelta(hours=2)
    payload = {"answers": [answer(lesson, "mc-1", {"choice": ["1"]}, at, score=1)]}
    assert statuses(syncing.sync_offline(learner=user, payload=payload, now=now)) == ["recorded"]
    attempt = ExerciseAttempt.objects.get(learner=user)
    assert (attempt.score, attempt.correct, attempt.created_at) == (0.0, False, at)
    assert attempt.idempotency_key == uuid.UUID(payload["answers"][0]["key"])


def test_answering_every_exercise_offline_completes_the_lesson_and_makes_its_cards(
    user, now, lesson, words
):
    payload = {
        "answers": [
            answer(lesson, "mp-1", {"choice": ["fan"]}, now - timedelta(minutes=4)),
            answer(lesson, "mc-1", {"choice": ["0"]}, now - timedelta(minutes=5)),
        ],
        "completions": [completion(lesson, now - timedelta(minutes=3))],
    }
    results = syncing.sync_offline(learner=user, payload=payload, now=now)
    assert statuses(results) == ["recorded", "recorded", "duplicate"]
    progress = LessonProgress.objects.get(learner=user, lesson_id=lesson.pk)
    assert progress.completed_at == now - timedelta(minutes=4)
    assert ReviewCard.objects.filter(learner=user).count() == 2 * len(words)


def test_completing_an_unfinished_lesson_is_refused_and_changes_nothing(user, now, lesson):
    payload = {"completions": [completion(lesson, now - timedelta(minutes=3))]}
    [result] = syncing.sync_offline(learner=user, payload=payload, now=now)
    assert (result.status, result.message) == (
        "refused",
        "Answer every exercise first, then finish the lesson.",
    )
    assert not LessonProgress.objects.exists()


def history(cards, now) -> list[tuple]:
    """Answers to several cards over three weeks: (card, rating, when), in time order."""
    rows, when = [], now - timedelta(days=21)
    picks = random.Random(18)
    for _ in range(24):
        when += timedelta(hours=picks.choice([1, 5, 20, 30]), minutes=picks.randrange(60))
        rows.append((picks.choice(cards), picks.choice([1, 2, 3, 3, 3, 4]), when))
    assert when < now
    return rows


def test_reviews_synced_in_any_order_end_as_if_given_online_in_time_order(user, now):
    cards = [own_card(user, due=now - timedelta(days=22)) for _ in range(3)]
    new = {card.pk: model_to_dict(card, fields=recording.MEMORY_FIELDS) for card in cards}
    rows = history(cards, now)
    for i, (card, rating, when) in enumerate(rows):
        recording.record_review(
            card_id=card.pk,
            rating=rating,
            reviewed_at=when,
            duration_ms=None,
            source="web",
            external_id=f"online-{i}",
            now=now,
        )
    online = {card.pk: card_state(card) for card in cards}
    ReviewLog.objects.all().delete()
    ReviewCard.objects.filter(pk__in=new).delete()
    for card in cards:
        ReviewCard.objects.create(pk=card.pk, learner=user, item=card.item, **new[card.pk])
    payload = {"reviews": [review(card, rating, when) for card, rating, when in rows]}
    random.Random(7).shuffle(payload["reviews"])
    results = syncing.sync_offline(learner=user, payload=payload, now=now)
    assert set(statuses(results)) == {"recorded"}
    config = memory.config_for(user.learner_profile)
    for card in cards:
        assert card_state(card) == online[card.pk]
        logs = ReviewLog.objects.filter(card=card).values_list("rating", "reviewed_at")
        replayed = memory.replay([Review(*row) for row in logs], config=config, card_id=card.pk)
        assert memory.memory_of(card) == replayed


def test_an_answer_sent_online_and_then_synced_with_its_key_records_once(client, user, now):
    card = own_card(user)
    client.force_login(user)
    page = client.get(reverse("progress:review_reveal", args=[card.pk])).content.decode()
    sent = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page).group(1)
    client.post(
        reverse("progress:review_answer", args=[card.pk]), {"rating": "3", "idempotency_key": sent}
    )
    state = card_state(card)
    payload = {"reviews": [review(card, 3, now - timedelta(seconds=30)) | {"key": sent}]}
    results = syncing.sync_offline(learner=user, payload=payload, now=timezone.now())
    assert statuses(results) == ["duplicate"]
    assert ReviewLog.objects.filter(card=card).count() == 1
    assert card_state(card) == state


def test_a_lesson_answer_sent_online_and_then_synced_with_its_key_records_once(
    client, user, now, lesson
):
    client.force_login(user)
    sent = key()
    url = reverse("progress:answer_exercise", kwargs={"page_id": lesson.pk, "block_id": "mc-1"})
    client.post(url, {"choice": ["0"], "idempotency_key": sent})
    payload = {"answers": [answer(lesson, "mc-1", {"choice": ["0"]}, now) | {"key": sent}]}
    assert statuses(syncing.sync_offline(learner=user, payload=payload, now=now)) == ["duplicate"]
    assert ExerciseAttempt.objects.filter(learner=user).count() == 1


def test_a_strangers_card_and_missing_lessons_are_refused_and_change_nothing(user, now, lesson):
    stranger = learner(display_name="Stranger Pen")
    theirs = own_card(stranger)
    before = card_state(theirs)
    hidden = LessonPageFactory(live=False)
    payload = {
        "reviews": [review(theirs, 3, now), review(theirs, 3, now) | {"card_id": 10**9}],
        "answers": [
            answer(hidden, "mc-1", {"choice": ["0"]}, now),
            answer(lesson, "no-such-block", {"choice": ["0"]}, now),
        ],
        "completions": [completion(hidden, now)],
    }
    results = syncing.sync_offline(learner=user, payload=payload, now=now)
    assert statuses(results) == ["refused"] * 5
    # A stranger's card reads exactly like one that does not exist.
    assert results[-1].message == results[-2].message
    assert all("Stranger" not in result.message for result in results)
    assert counts() == (0, 0, 0)
    assert card_state(theirs) == before


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (timedelta(minutes=10), "in the future"),
        (-syncing.MAX_AGE - timedelta(hours=1), "more than 30 days old"),
    ],
)
def test_answers_dated_in_the_future_or_long_ago_are_refused(user, now, lesson, moment, message):
    card = own_card(user)
    payload = {
        "answers": [answer(lesson, "mc-1", {"choice": ["0"]}, now + moment)],
        "reviews": [review(card, 3, now + moment)],
        "completions": [completion(lesson, now + moment)],
    }
    results = syncing.sync_offline(learner=user, payload=payload, now=now)
    assert statuses(results) == ["refused"] * 3
    assert message in results[0].message
    assert counts() == (0, 0, 0)


def test_a_phone_clock_a_little_fast_is_accepted(user, now):
    card = own_card(user)
    payload = {"reviews": [review(card, 3, now + timedelta(minutes=1))]}
    assert statuses(syncing.sync_offline(learner=user, payload=payload, now=now)) == ["recorded"]


def test_a_rating_outside_one_to_four_and_an_unreadable_answer_are_refused(user, now, lesson):
    card = own_card(user)
    payload = {
        "reviews": [review(card, 7, now), review(card, 0, now)],
        "answers": [answer(lesson, "mc-1", {"choice": ["seven"]}, now)],
    }
    results = syncing.sync_offline(learner=user, payload=payload, now=now)
    assert statuses(results) == ["refused"] * 3
    assert results[1].message == "A rating is 1 (Again) to 4 (Easy)."
    assert counts() == (0, 0, 0)


def test_a_long_duration_is_capped_as_online(user, now):
    card = own_card(user)
    payload = {"reviews": [review(card, 3, now, duration_ms=10**12)]}
    syncing.sync_offline(learner=user, payload=payload, now=now)
    assert ReviewLog.objects.get().duration_ms == 60_000


def good(card, now) -> dict:
    return review(card, 3, now - timedelta(minutes=1))


BAD_REVIEWS = {
    "card id in letters": {"card_id": "abc"},
    "card id a float": {"card_id": 1.0},
    "card id true": {"card_id": True},
    "negative time": {"reviewed_at": -1},
    "time past year 9999": {"reviewed_at": 10**16},
    "time a string": {"reviewed_at": "2026-12-01"},
    "rating a float": {"rating": 3.5},
    "rating negative": {"rating": -3},
    "duration a string": {"duration_ms": "long"},
    "key not a uuid": {"key": "not-a-key"},
    "key huge": {"key": "a" * 100_000},
    "id past 64 bits": {"card_id": 2**64},
}


@pytest.mark.parametrize("change", BAD_REVIEWS.values(), ids=BAD_REVIEWS.keys())
def test_an_unreadable_review_refuses_the_whole_body_and_records_nothing(user, now, change):
    card = own_card(user)
    payload = {"reviews": [good(card, now), good(card, now) | change]}
    with pytest.raises(OfflinePayloadError, match=r"reviews\[1\]"):
        syncing.sync_offline(learner=user, payload=payload, now=now)
    assert counts() == (0, 0, 0)


BAD_ANSWERS = {
    "NUL in a value": {"answer": {"choice": ["0\x00"]}},
    "NUL in the block id": {"block_id": "mc-1\x00"},
    "huge value": {"answer": {"choice": ["x" * 100_000]}},
    "value not a list": {"answer": {"choice": "0"}},
    "value a number": {"answer": {"choice": [0]}},
    "answer a list": {"answer": ["0"]},
    "too many fields": {"answer": {f"f{i}": ["0"] for i in range(100)}},
    "page id in letters": {"page_id": "abc"},
}


@pytest.mark.parametrize("change", BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_an_unreadable_answer_refuses_the_whole_body(user, now, lesson, change):
    payload = {
        "answers": [
            answer(lesson, "mc-1", {"choice": ["0"]}, now),
            answer(lesson, "mp-1", {"choice": ["fan"]}, now) | change,
        ]
    }
    with pytest.raises(OfflinePayloadError, match=r"answers\[1\]"):
        syncing.sync_offline(learner=user, payload=payload, now=now)
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    "body",
    [[], "reviews", None, {"reviews": {}}, {"answers": [1]}, {"completions": [{"key": key()}]}],
)
def test_a_body_of_the_wrong_shape_is_refused(user, now, body):
    with pytest.raises(OfflinePayloadError, match="could not be read"):
        syncing.sync_offline(learner=user, payload=body, now=now)


def test_more_than_max_items_are_refused_before_any_is_recorded(user, now):
    card = own_card(user)
    payload = {"reviews": [good(card, now) for _ in range(syncing.MAX_ITEMS + 1)]}
    with pytest.raises(OfflinePayloadError, match="at most 1000"):
        syncing.sync_offline(learner=user, payload=payload, now=now)
    assert counts() == (0, 0, 0)


def test_results_carry_the_key_as_sent_and_a_message_only_when_refused(user, now):
    card = own_card(user)
    sent = str(uuid.uuid4()).upper()
    payload = {"reviews": [good(card, now) | {"key": sent}, review(card, 9, now)]}
    results = syncing.sync_offline(learner=user, payload=payload, now=now)
    assert results[0].to_dict() == {"key": sent, "status": "recorded"}
    assert results[1].to_dict()["message"]
    assert ReviewLog.objects.get().external_id == f"web-{sent.lower()}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_syncs_of_the_same_answers_at_once_record_them_once(user, now, lesson):
    """A phone's page and its service worker send the same outbox at the same moment
    (on SQLite too: a writer waits for the other instead of failing)."""
    cards = [own_card(user, due=now - timedelta(days=1)) for _ in range(3)]
    payload = {
        "answers": [answer(lesson, "mc-1", {"choice": ["0"]}, now - timedelta(minutes=9))],
        "reviews": [review(card, 3, now - timedelta(minutes=5)) for card in cards],
    }
    start, results, errors = threading.Barrier(2), [], []

    def sync():
        try:
            start.wait()
            results.append(statuses(syncing.sync_offline(learner=user, payload=payload, now=now)))
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sync) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Each side answers for every item (the phone forgets them all); which side a
    # review that both inserted at once reports as "recorded" is not decided.
    assert [len(found) for found in results] == [4, 4]
    assert {status for found in results for status in found} <= {"recorded", "duplicate"}
    assert (ExerciseAttempt.objects.count(), ReviewLog.objects.count()) == (1, 3)

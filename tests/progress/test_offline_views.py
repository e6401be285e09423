import gzip
import json
import uuid
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from progress.models import ExerciseAttempt, ReviewLog
from tests.factories.accounts import learner
from tests.factories.progress import LessonProgressFactory, ReviewCardFactory

pytestmark = pytest.mark.django_db

PACK = reverse("progress:offline_pack")
SYNC = reverse("progress:offline_sync")


@pytest.fixture
def user():
    return learner()


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def post_json(client, body, **extra):
    text = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(SYNC, text, content_type="application/json", **extra)


def a_review(card, rating=3) -> dict:
    moment = int((timezone.now() - timedelta(minutes=1)).timestamp() * 1000)
    return {"key": str(uuid.uuid4()), "card_id": card.pk, "rating": rating, "reviewed_at": moment}


def test_a_visitor_is_sent_to_sign_in(client):
    for response in (client.get(PACK), post_json(client, {"reviews": []})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_pack_is_private_json_that_no_cache_keeps(signed_in, user):
    card = ReviewCardFactory(learner=user)
    response = signed_in.get(PACK)
    assert response["Content-Type"] == "application/json"
    assert {"no-store", "private"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    pack = response.json()
    assert pack["version"] == 1 and pack["due_now"] == 1
    assert [entry["id"] for entry in pack["cards"]] == [card.pk]
    assert {"made_at", "scheduler", "new_left", "lessons", "spellings"} <= pack.keys()


def test_the_pack_goes_compressed_to_a_phone_that_takes_gzip(signed_in, user):
    for _ in range(20):
        ReviewCardFactory(learner=user)
    plain = signed_in.get(PACK)
    packed = signed_in.get(PACK, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) * 3 < len(plain.content)
    unpacked = json.loads(gzip.decompress(packed.content))
    assert [card["id"] for card in unpacked["cards"]] == [
        card["id"] for card in plain.json()["cards"]
    ]


def test_a_second_learner_never_sees_the_firsts_cards_or_lessons(client, user, lesson):
    mine = ReviewCardFactory(learner=user, item__sense="mine")
    LessonProgressFactory(learner=user, lesson=lesson)
    other = learner()
    client.force_login(other)
    text = client.get(PACK).content.decode()
    pack = json.loads(text)
    assert pack["cards"] == []
    assert f'data-card="{mine.pk}"' not in text
    assert user.get_username() not in text


def test_a_sync_records_and_answers_with_results_and_the_due_count(signed_in, user):
    card = ReviewCardFactory(learner=user)
    sent = a_review(card, rating=4)  # Easy: out of learning, due in days
    response = post_json(signed_in, {"reviews": [sent]})
    assert response.status_code == 200
    body = response.json()
    assert body["results"] == [{"key": sent["key"], "status": "recorded"}]
    assert body["due_now"] == 0 and body["synced_at"]
    assert ReviewLog.objects.get().external_id == f"web-{sent['key']}"
    assert response["Cache-Control"]


def test_a_strangers_card_is_refused_in_the_results(signed_in):
    theirs = ReviewCardFactory(learner=learner())
    response = post_json(signed_in, {"reviews": [a_review(theirs)]})
    assert response.json()["results"][0]["status"] == "refused"
    assert not ReviewLog.objects.exists()


def test_the_sync_needs_the_csrf_token_in_its_header(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    card = ReviewCardFactory(learner=user)
    client.get(reverse("progress:review"))  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert post_json(client, {"reviews": [a_review(card)]}).status_code == 403
    assert not ReviewLog.objects.exists()
    response = post_json(client, {"reviews": [a_review(card)]}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert ReviewLog.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json {", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        ("[" * 200_000 + "]" * 200_000, "not JSON"),
        ('{"reviews": [{"key": "\\u0000"}]}', "could not be read"),
        ({"reviews": "all of them"}, "could not be read"),
        ({"answers": [{"key": str(uuid.uuid4()), "page_id": -1}]}, "could not be read"),
    ],
    ids=["not json", "not utf-8", "deeply nested", "NUL", "not a list", "negative id"],
)
def test_an_unreadable_body_gets_a_clear_400_and_nothing_is_recorded(signed_in, body, message):
    response = post_json(signed_in, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not ReviewLog.objects.exists() and not ExerciseAttempt.objects.exists()


def test_a_body_past_the_upload_limit_gets_a_clear_400(signed_in, user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    card = ReviewCardFactory(learner=user)
    response = post_json(signed_in, {"reviews": [a_review(card)] * 200})
    assert response.status_code == 400
    assert "too large" in response.json()["error"]
    assert not ReviewLog.objects.exists()


def test_a_half_bad_body_records_none_of_its_good_items(signed_in, user):
    card = ReviewCardFactory(learner=user)
    bad = a_review(card) | {"rating": 2.5}
    response = post_json(signed_in, {"reviews": [a_review(card), bad]})
    assert response.status_code == 400
    assert "reviews[1].rating" in response.json()["error"]
    assert not ReviewLog.objects.exists()


def test_errors_come_in_the_learners_language(client):
    user = learner(ui_language="ko")
    client.force_login(user)
    response = post_json(client, "nope", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]
    assert "not JSON" not in response.json()["error"]


def test_the_pack_and_sync_answer_only_their_methods(signed_in):
    assert signed_in.post(PACK).status_code == 405
    assert signed_in.get(SYNC).status_code == 405

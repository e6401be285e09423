"""A learner's data is theirs alone: every learner URL acts on the signed-in
learner only, whatever ids are sent; visitors are sent to sign in."""

import json

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest

from progress import recording
from progress.models import (
    ExerciseAttempt,
    LearnerProfile,
    LessonProgress,
    Notification,
    ReviewCard,
    ReviewLog,
)
from tests.factories.progress import PASSWORD, learner

pytestmark = pytest.mark.django_db

LEARNER_PAGES = ["progress:settings", "progress:privacy", "progress:export_data"]


@pytest.fixture
def alice(lesson):
    user = learner(display_name="Alice-Secret")
    for block_id, block_type, score in (
        ("mc-1", "multiple_choice", 0.0),
        ("mp-1", "minimal_pair", 1.0),
    ):
        recording.record_attempt(
            learner=user, lesson=lesson, block_id=block_id, block_type=block_type,
            answer={"secret": "alice-answer"}, score=score, correct=score == 1,
        )  # fmt: skip
    card = ReviewCard.objects.filter(learner=user).first()
    ReviewLog.objects.create(
        learner=user, card=card, rating=3, reviewed_at=card.due, source="web", external_id="a-1"
    )
    Notification.objects.create(
        learner=user, kind="review_reminder", text="alice-reminder", created_at=card.due
    )
    return user


def snapshot(user):
    return (
        list(ExerciseAttempt.objects.filter(learner=user).values()),
        list(LessonProgress.objects.filter(learner=user).values()),
        list(ReviewCard.objects.filter(learner=user).values()),
        list(ReviewLog.objects.filter(learner=user).values()),
        list(LearnerProfile.objects.filter(user=user).values()),
        get_user_model().objects.get(pk=user.pk).password,
    )


@pytest.mark.parametrize("name", LEARNER_PAGES + ["progress:recovery_codes"])
def test_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", LEARNER_PAGES)
def test_another_learner_never_sees_alices_data(client, alice, name):
    client.force_login(learner(display_name="Bob"))
    for query in ("", f"?user={alice.pk}", f"?learner={alice.pk}&pk={alice.pk}"):
        body = client.get(reverse(name) + query).content.decode()
        assert "Alice-Secret" not in body
        assert "alice-answer" not in body
        assert "alice-reminder" not in body
        assert alice.username not in body


def test_another_learners_home_shows_none_of_alices_progress(client, alice, lesson):
    client.force_login(learner())
    home = client.get("/", {"user": alice.pk}).context["learner_home"]
    assert home.completed == []
    assert home.reviews_due == 0
    assert "Alice-Secret" not in client.get("/").content.decode()


def test_another_learner_cannot_change_alices_profile_progress_attempts_or_account(
    client, alice, lesson
):
    before = snapshot(alice)
    bob = learner()
    client.force_login(bob)
    settings = {"display_name": "Hacked", "user": alice.pk, "ui_language": "en"}
    settings |= {"gloss_preference": "north", "time_zone": "UTC", "daily_review_goal": 5}
    client.post(
        reverse("progress:settings"), {**settings, "reminder_hour": 3, "desired_retention": 0.8}
    )
    client.post(
        reverse("progress:answer_exercise", kwargs={"page_id": lesson.pk, "block_id": "mc-1"}),
        {"choice": ["0"], "learner": alice.pk},
    )
    client.post(reverse("progress:complete_lesson", kwargs={"page_id": lesson.pk}))
    client.post(reverse("progress:recovery_codes"), {"user": alice.pk})
    client.post(reverse("progress:delete_account"), {"password": PASSWORD, "user": alice.pk})
    assert snapshot(alice) == before
    assert not get_user_model().objects.filter(pk=bob.pk).exists()


def test_recovery_with_another_learners_name_and_ones_own_code_fails(client, alice):
    from progress.accounts import issue_recovery_codes

    bob = learner()
    code = issue_recovery_codes(user=bob)[0]
    issue_recovery_codes(user=alice)
    before = snapshot(alice)
    data = {"username": alice.username, "code": code}
    data |= {"new_password1": "taken-over-9x", "new_password2": "taken-over-9x"}
    assert client.post(reverse("progress:recover_password"), data).status_code == 200
    assert snapshot(alice) == before


def test_export_holds_everything_kept_about_the_learner(client, alice, words):
    client.force_login(alice)
    response = client.get(reverse("progress:export_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["username"] == alice.username
    assert data["profile"]["display_name"] == "Alice-Secret"
    assert len(data["attempts"]) == 2
    assert data["attempts"][0]["answer"] == {"secret": "alice-answer"}
    assert data["lessons"][0]["completed_at"] is not None
    assert len(data["review_cards"]) == 2 * len(words)
    assert {card["word"] for card in data["review_cards"]} == {w.headword for w in words}
    assert [log["rating"] for log in data["review_logs"]] == [3]
    assert [note["text"] for note in data["notifications"]] == ["alice-reminder"]


def test_delete_needs_the_password_and_then_removes_everything(client, alice):
    client.force_login(alice)
    url = reverse("progress:delete_account")
    assert client.post(url, {"password": "not-it"}).status_code == 400
    assert ExerciseAttempt.objects.filter(learner=alice).exists()
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
    for model in (ExerciseAttempt, LessonProgress, ReviewCard, ReviewLog, Notification):
        assert not model.objects.filter(learner_id=alice.pk).exists()
    assert not LearnerProfile.objects.filter(user_id=alice.pk).exists()
    assert "_auth_user_id" not in client.session

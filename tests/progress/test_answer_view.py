from django.urls import reverse

import pytest

from progress.models import ExerciseAttempt, LessonProgress, ReviewCard
from tests.factories.progress import learner

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def answer_url(lesson, block_id):
    return reverse("progress:answer_exercise", kwargs={"page_id": lesson.pk, "block_id": block_id})


def test_right_answer_over_htmx_returns_feedback_and_stores_the_attempt(client, lesson):
    user = learner()
    client.force_login(user)
    response = client.post(answer_url(lesson, "mc-1"), {"choice": ["0"]}, **HTMX)
    assert response.status_code == 200
    assert "feedback--right" in response.content.decode()
    assert "맞습니다." in response.content.decode()
    stored = ExerciseAttempt.objects.get(learner=user)
    assert (stored.block_id, stored.block_type, stored.score, stored.correct) == (
        "mc-1",
        "multiple_choice",
        1.0,
        True,
    )


def test_wrong_answer_shows_the_right_one(client, lesson):
    client.force_login(learner())
    response = client.post(answer_url(lesson, "mc-1"), {"choice": ["1"]}, **HTMX)
    body = response.content.decode()
    assert "feedback--wrong" in body
    assert "at a pharmacy" in body
    assert ExerciseAttempt.objects.get().correct is False


def test_plain_post_redirects_to_the_exercise_with_the_feedback_as_a_message(client, lesson):
    client.force_login(learner())
    response = client.post(answer_url(lesson, "mp-1"), {"choice": ["fan"]}, follow=True)
    assert response.redirect_chain[0][0] == f"{lesson.url}#prompt-mp-1"
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert messages == [("success", "맞았습니다.")]
    assert ExerciseAttempt.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [{}, {"choice": ["seven"]}, {"choice": ["5"]}, {"choice": ["x" * 5000]}],
    ids=["missing", "not-a-number", "no-such-option", "too-long"],
)
def test_malformed_answer_gets_a_clear_message_and_stores_nothing(client, lesson, data):
    client.force_login(learner())
    response = client.post(answer_url(lesson, "mc-1"), data, **HTMX)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "Nothing was saved" in body
    assert not ExerciseAttempt.objects.exists()
    assert not LessonProgress.objects.exists()


def test_malformed_plain_post_redirects_with_an_error_message_and_stores_nothing(client, lesson):
    client.force_login(learner())
    response = client.post(answer_url(lesson, "mp-1"), {"choice": ["pin"]}, follow=True)
    messages = list(response.context["messages"])
    assert [m.level_tag for m in messages] == ["error"]
    assert "not one of this exercise's words" in str(messages[0])
    assert not ExerciseAttempt.objects.exists()


def test_visitor_gets_feedback_and_nothing_is_stored(client, lesson):
    response = client.post(answer_url(lesson, "mc-1"), {"choice": ["0"]}, **HTMX)
    assert response.status_code == 200
    assert "feedback--right" in response.content.decode()
    assert not ExerciseAttempt.objects.exists()


def test_unknown_block_or_lesson_is_not_found(client, lesson):
    client.force_login(learner())
    assert client.post(answer_url(lesson, "nope"), {"choice": ["0"]}).status_code == 404
    lesson.unpublish()
    assert client.post(answer_url(lesson, "mc-1"), {"choice": ["0"]}).status_code == 404


def test_answering_the_last_exercise_finishes_the_lesson_and_says_so(client, lesson, words):
    user = learner()
    client.force_login(user)
    client.post(answer_url(lesson, "mc-1"), {"choice": ["1"]}, **HTMX)
    response = client.post(answer_url(lesson, "mp-1"), {"choice": ["fan"]}, **HTMX)
    assert "this lesson is done" in response.content.decode()
    assert LessonProgress.objects.get(learner=user).completed_at is not None
    assert ReviewCard.objects.filter(learner=user).count() == 2 * len(words)


def test_finish_button_refuses_an_unfinished_lesson(client, lesson):
    user = learner()
    client.force_login(user)
    url = reverse("progress:complete_lesson", kwargs={"page_id": lesson.pk})
    response = client.post(url, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not ReviewCard.objects.exists()

import uuid

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from progress.models import ExerciseAttempt, LessonProgress, ReviewCard
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory
from tests.support.lesson_fixtures import LISTEN_AND_CHOOSE

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


def exercise_section(html: str, block_id: str):
    return BeautifulSoup(html, "html.parser").find(
        "section", attrs={"aria-labelledby": f"prompt-{block_id}"}
    )


def top_messages(html: str) -> str:
    found = BeautifulSoup(html, "html.parser").find("ul", class_="messages")
    return found.decode_contents() if found else ""


def test_plain_post_redirects_to_the_exercises_step(client, lesson):
    client.force_login(learner())
    response = client.post(answer_url(lesson, "mp-1"), {"choice": ["fan"]})
    assert response.status_code == 302
    assert response["Location"] == f"{lesson.url}step/2/#prompt-mp-1"
    assert ExerciseAttempt.objects.count() == 1


def test_plain_post_in_the_again_step_returns_to_the_again_step(client, lesson):
    client.force_login(learner())
    response = client.post(answer_url(lesson, "mc-1"), {"choice": ["1"], "again": "1"})
    assert response["Location"] == f"{lesson.url}again/1/#prompt-mc-1"


def test_plain_post_shows_the_feedback_inside_its_exercise_and_not_at_the_top(client, lesson):
    client.force_login(learner())
    client.post(answer_url(lesson, "mp-1"), {"choice": ["fan"]})
    html = client.get(lesson.step_url(2)).content.decode()
    feedback = exercise_section(html, "mp-1").find(id="feedback-mp-1")
    assert feedback.find(class_="feedback--right") is not None
    assert "맞았습니다." in feedback.get_text()
    assert feedback.find(id="next-step")["href"] == f"{lesson.url}again/1/"
    assert top_messages(html) == ""
    assert "맞았습니다." not in client.get(lesson.step_url(2)).content.decode()
    first = client.get(lesson.step_url(1)).content.decode()
    assert exercise_section(first, "mc-1").find(id="feedback-mc-1").decode_contents() == ""


def test_plain_post_shows_the_same_feedback_markup_as_htmx(client, lesson):
    client.force_login(learner())
    htmx = client.post(answer_url(lesson, "mc-1"), {"choice": ["1"]}, **HTMX).content.decode()
    client.post(answer_url(lesson, "mc-1"), {"choice": ["1"]})
    html = client.get(lesson.step_url(1)).content.decode()
    shown = exercise_section(html, "mc-1").find(id="feedback-mc-1").decode_contents()
    assert BeautifulSoup(shown, "html.parser").decode().strip() == swapped_in(htmx).decode().strip()
    assert "at a pharmacy" in shown


def swapped_in(html: str) -> BeautifulSoup:
    """What htmx puts in the feedback box: the response without its out-of-band parts."""
    soup = BeautifulSoup(html, "html.parser")
    for part in soup.select("[hx-swap-oob]"):
        part.decompose()
    return soup


def test_htmx_feedback_gives_the_form_a_new_key_for_the_next_answer(client, lesson):
    client.force_login(learner())
    key = str(uuid.uuid4())
    response = client.post(
        answer_url(lesson, "mc-1"), {"choice": ["1"], "idempotency_key": key}, **HTMX
    )
    new_key = BeautifulSoup(response.content.decode(), "html.parser").find(id="key-mc-1")
    assert new_key["hx-swap-oob"] == "true" and new_key["name"] == "idempotency_key"
    right = {"choice": ["0"], "idempotency_key": new_key["value"]}
    again = client.post(answer_url(lesson, "mc-1"), right, **HTMX)
    assert "feedback--right" in again.content.decode()  # answered anew, not the first answer
    assert ExerciseAttempt.objects.count() == 2
    step = BeautifulSoup(client.get(lesson.step_url(1)).content.decode(), "html.parser")
    assert step.find(id="key-mc-1").parent.name == "form"


def test_other_messages_still_show_at_the_top(client, lesson):
    client.force_login(learner())
    client.post(reverse("progress:complete_lesson", kwargs={"page_id": lesson.pk}))
    client.post(answer_url(lesson, "mp-1"), {"choice": ["fan"]})
    html = client.get(lesson.step_url(2)).content.decode()
    assert "Answer every exercise first" in top_messages(html)
    assert "feedback" not in top_messages(html)
    assert exercise_section(html, "mp-1").find(class_="feedback--right") is not None


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


def test_malformed_plain_post_shows_the_error_inside_its_exercise_and_stores_nothing(
    client, lesson
):
    client.force_login(learner())
    response = client.post(answer_url(lesson, "mp-1"), {"choice": ["pin"]}, follow=True)
    html = response.content.decode()
    error = exercise_section(html, "mp-1").find(class_="feedback--error")
    assert error["role"] == "alert"
    assert "not one of this exercise's words" in error.get_text()
    assert "Nothing was saved" in error.get_text()
    assert top_messages(html) == ""
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


def test_htmx_answer_leaves_no_message_for_the_next_page(client, lesson):
    client.force_login(learner())
    client.post(answer_url(lesson, "mp-1"), {"choice": ["fan"]}, **HTMX)
    html = client.get(lesson.step_url(2)).content.decode()
    feedback = exercise_section(html, "mp-1").find(id="feedback-mp-1")
    assert feedback.find(class_="feedback") is None
    assert feedback.find(id="next-step") is not None  # answered before: the way on is open
    assert top_messages(html) == ""


def test_an_alternative_word_order_is_right_and_the_lessons_sentence_is_shown(client):
    order = {
        "prompt": "Put the words in order.",
        "sentence": "Yesterday I went to the bank.",
        "alternatives": ["I went to the bank yesterday."],
    }
    lesson = LessonPageFactory(body=[{"type": "word_order", "value": order, "id": "wo-1"}])
    client.force_login(learner())
    response = client.post(
        answer_url(lesson, "wo-1"), {"sentence": "I went to the bank yesterday"}, **HTMX
    )
    also = BeautifulSoup(response.content.decode(), "html.parser").find(class_="feedback__also")
    assert "feedback--right" in response.content.decode()
    assert "Yesterday I went to the bank." in also.get_text()
    assert ExerciseAttempt.objects.get().correct is True


def test_a_nearly_right_gap_is_right_and_the_spelling_is_shown(client):
    gap = {"prompt": "Fill in.", "text": "Can you help me, [[please]]?"}
    lesson = LessonPageFactory(body=[{"type": "gap_fill", "value": gap, "id": "gf-1"}])
    client.force_login(learner())
    response = client.post(answer_url(lesson, "gf-1"), {"blank-0": "plese"}, **HTMX)
    nearly = BeautifulSoup(response.content.decode(), "html.parser").find(class_="feedback__nearly")
    assert "feedback--right" in response.content.decode()
    assert "please" in nearly.find(lang="en").get_text()
    assert ExerciseAttempt.objects.get().score == 1.0


@pytest.fixture
def listening_lesson():
    return LessonPageFactory(body=[LISTEN_AND_CHOOSE])


def test_listen_and_choose_is_graded_and_kept(client, listening_lesson):
    user = learner()
    client.force_login(user)
    url = answer_url(listening_lesson, "lc-1")
    right = client.post(url, {"choice": ["the bus is late"]}, **HTMX).content.decode()
    wrong = client.post(url, {"choice": ["The bus is full."]}, **HTMX).content.decode()
    assert "feedback--right" in right
    assert "feedback--wrong" in wrong and "The bus is late." in wrong
    kept = ExerciseAttempt.objects.filter(learner=user).order_by("pk")
    assert [(a.block_type, a.correct) for a in kept] == [
        ("listen_and_choose", True),
        ("listen_and_choose", False),
    ]


def test_a_listen_and_choose_answer_not_offered_is_refused_and_not_kept(client, listening_lesson):
    client.force_login(learner())
    url = answer_url(listening_lesson, "lc-1")
    response = client.post(url, {"choice": ["The bus is gone."]}, **HTMX)
    assert response.status_code == 400
    assert not ExerciseAttempt.objects.exists()


def test_an_answer_sent_twice_with_one_key_is_kept_once_with_the_same_feedback(client, lesson):
    user = learner()
    client.force_login(user)
    key = str(uuid.uuid4())
    first = client.post(
        answer_url(lesson, "mc-1"), {"choice": ["1"], "idempotency_key": key}, **HTMX
    )
    again = client.post(
        answer_url(lesson, "mc-1"), {"choice": ["1"], "idempotency_key": key}, **HTMX
    )
    assert again.status_code == 200
    assert swapped_in(again.content.decode()) == swapped_in(first.content.decode())
    assert "feedback--wrong" in again.content.decode()
    assert ExerciseAttempt.objects.filter(learner=user).count() == 1


def test_a_changed_answer_under_a_kept_key_gets_the_first_answers_feedback(client, lesson):
    client.force_login(learner())
    key = str(uuid.uuid4())
    client.post(answer_url(lesson, "mc-1"), {"choice": ["1"], "idempotency_key": key}, **HTMX)
    again = client.post(
        answer_url(lesson, "mc-1"), {"choice": ["0"], "idempotency_key": key}, **HTMX
    )
    assert "feedback--wrong" in again.content.decode()
    assert ExerciseAttempt.objects.get().correct is False


def test_a_malformed_idempotency_key_is_refused_and_nothing_is_kept(client, lesson):
    client.force_login(learner())
    data = {"choice": ["0"], "idempotency_key": "not-a-key"}
    response = client.post(answer_url(lesson, "mc-1"), data, **HTMX)
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not ExerciseAttempt.objects.exists()


def test_each_rendered_step_carries_a_fresh_idempotency_key(client, lesson):
    keys = []
    for _ in range(2):
        html = client.get(lesson.step_url(1)).content.decode()
        form = BeautifulSoup(html, "html.parser").find("form", class_="exercise__form")
        keys.append(uuid.UUID(form.find("input", attrs={"name": "idempotency_key"})["value"]))
    assert keys[0] != keys[1]


def test_a_step_says_in_korean_that_an_answer_given_offline_is_kept(client, lesson):
    client.force_login(learner(ui_language="ko"))
    html = client.get(lesson.step_url(1)).content.decode()
    script = BeautifulSoup(html, "html.parser").find("script", src=lambda src: "offline.js" in src)
    assert script["data-waiting"] == "보낼 답: {count}개"
    assert script["data-kept"] == "이 손전화에 저장했습니다. 연결되면 보냅니다."


def test_htmx_feedback_brings_the_next_step_button(client, lesson):
    client.force_login(learner())
    first = client.post(answer_url(lesson, "mc-1"), {"choice": ["1"]}, **HTMX).content.decode()
    assert BeautifulSoup(first, "html.parser").find(id="next-step")["href"] == lesson.step_url(2)
    last = client.post(answer_url(lesson, "mp-1"), {"choice": ["fan"]}, **HTMX).content.decode()
    again = BeautifulSoup(last, "html.parser").find(id="next-step")
    assert again["href"] == lesson.step_url(1, again=True)  # mc-1 was wrong: asked again


def next_href(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find(id="next-step")["href"]


def test_without_javascript_a_wrong_answer_is_asked_again_until_right_then_the_summary(
    client, lesson
):
    client.force_login(learner())
    client.post(answer_url(lesson, "mc-1"), {"choice": ["1"]})
    step = client.get(lesson.step_url(1)).content.decode()
    assert next_href(step) == lesson.step_url(2)
    client.post(answer_url(lesson, "mp-1"), {"choice": ["pan"]})
    step = client.get(lesson.step_url(2)).content.decode()
    assert next_href(step) == lesson.step_url(1, again=True)

    wrong = client.post(answer_url(lesson, "mc-1"), {"choice": ["1"], "again": "1"}, follow=True)
    page = BeautifulSoup(wrong.content.decode(), "html.parser")
    assert wrong.redirect_chain[-1][0] == f"{lesson.step_url(1, again=True)}#prompt-mc-1"
    assert page.find(class_="feedback--wrong") is not None
    assert page.find("form", class_="exercise__form").find("input", attrs={"name": "again"})
    skip = page.find(id="next-step")
    assert (skip["href"], skip.get_text()) == (lesson.step_url(2, again=True), "Skip it for now")

    right = client.post(answer_url(lesson, "mc-1"), {"choice": ["0"], "again": "1"}, follow=True)
    assert next_href(right.content.decode()) == lesson.step_url(2, again=True)
    client.post(answer_url(lesson, "mp-1"), {"choice": ["fan"], "again": "1"})
    done = client.get(lesson.step_url(2, again=True)).content.decode()
    assert next_href(done) == lesson.summary_url()


def test_a_visitor_goes_from_the_last_exercise_to_the_summary(client, lesson):
    response = client.post(answer_url(lesson, "mp-1"), {"choice": ["pan"]}, **HTMX)
    assert next_href(response.content.decode()) == lesson.summary_url()


@pytest.mark.parametrize("url", ["step/0/", "step/3/", "again/3/", "again/0/"])
def test_a_step_the_lesson_does_not_have_is_not_found(client, lesson, url):
    assert client.get(lesson.url + url).status_code == 404


def test_a_step_shows_its_place_in_the_lesson(client, lesson):
    soup = BeautifulSoup(client.get(lesson.step_url(2)).content.decode(), "html.parser")
    bar = soup.find("progress")
    assert (bar["value"], bar["max"]) == ("2", "2")
    assert soup.find(id=bar["aria-labelledby"]).get_text() == "Exercise 2 / 2"
    assert len(soup.find_all("section", class_="exercise")) == 1


def test_a_key_already_kept_for_another_exercise_is_refused_and_nothing_changes(client, lesson):
    client.force_login(learner())
    key = str(uuid.uuid4())
    client.post(answer_url(lesson, "mc-1"), {"choice": ["1"], "idempotency_key": key}, **HTMX)
    data = {"choice": ["fan"], "idempotency_key": key}
    response = client.post(answer_url(lesson, "mp-1"), data, **HTMX)
    assert response.status_code == 400
    assert "already sent for another exercise" in response.content.decode()
    assert list(ExerciseAttempt.objects.values_list("block_id", flat=True)) == ["mc-1"]


def test_the_way_on_after_a_step_asks_again_what_is_still_wrong(client, lesson):
    client.force_login(learner())
    client.post(answer_url(lesson, "mc-1"), {"choice": ["1"]}, **HTMX)  # wrong
    way = reverse("progress:way_on", kwargs={"page_id": lesson.pk, "number": 1})
    assert client.get(way)["Location"] == lesson.step_url(2)
    last = len(lesson.exercise_blocks())
    way = reverse("progress:way_on", kwargs={"page_id": lesson.pk, "number": last})
    assert client.get(way)["Location"] == lesson.step_url(1, again=True)
    assert client.get(f"{way}?again=1")["Location"] == lesson.summary_url()


def test_the_way_on_refuses_a_step_the_lesson_does_not_have(client, lesson):
    client.force_login(learner())
    for number in (0, len(lesson.exercise_blocks()) + 1):
        way = reverse("progress:way_on", kwargs={"page_id": lesson.pk, "number": number})
        assert client.get(way).status_code == 404

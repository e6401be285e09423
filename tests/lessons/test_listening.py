"""lessons.listening and its views: listening exercises play by exercise, so the
page never names the text heard; the text itself is handed out only while no
audio is rendered; the render task renders what they play."""

import json

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from lessons.audio import playing, rendering
from lessons.audio.models import NORMAL, SLOW, SpokenText
from lessons.audio.texts import lesson_texts
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory
from tests.support.lesson_fixtures import LISTEN_AND_CHOOSE, MINIMAL_PAIR, MULTIPLE_CHOICE, block

pytestmark = pytest.mark.django_db

DICTATION = block(
    "dictation", {"prompt": "Listen and type.", "text": "My zipper is stuck."}, "dc-1"
)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def lesson():
    return LessonPageFactory(body=[MULTIPLE_CHOICE, DICTATION, MINIMAL_PAIR, LISTEN_AND_CHOOSE])


def url(lesson, block_id: str, query: str = "") -> str:
    kwargs = {"page_id": lesson.pk, "block_id": block_id}
    return reverse("lessons:exercise_listening", kwargs=kwargs) + query


def section(html: str, block_id: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    found = soup.find("section", attrs={"aria-labelledby": f"prompt-{block_id}"})
    for per_render in ("csrfmiddlewaretoken", "idempotency_key"):
        found.find("input", attrs={"name": per_render}).decompose()
    return str(found)


def every_step(client, lesson) -> str:
    """The HTML of the lesson's words, each exercise's step and the summary."""
    steps = range(1, len(lesson.exercise_blocks()) + 1)
    urls = [lesson.url, *(lesson.step_url(n) for n in steps), lesson.summary_url()]
    return "".join(client.get(u).content.decode() for u in urls)


def step_of(lesson, block_id: str) -> str:
    ids = [block.id for block in lesson.exercise_blocks()]
    return lesson.step_url(ids.index(block_id) + 1)


def with_heard(lesson, block_id: str, **change):
    body = [
        {"type": c.block_type, "value": {**c.block.get_prep_value(c.value), **change}, "id": c.id}
        if c.id == block_id
        else {"type": c.block_type, "value": c.block.get_prep_value(c.value), "id": c.id}
        for c in lesson.body
    ]
    lesson.body = body
    lesson.save_revision().publish()
    return lesson


# --- the page --------------------------------------------------------------


def test_the_dictation_text_is_nowhere_in_the_page(client, lesson):
    html = every_step(client, lesson)
    assert "zipper" not in html
    assert f'data-listen="{url(lesson, "dc-1")}"' in html


@pytest.mark.parametrize(
    ("block_id", "change"),
    [("lc-1", {"text": "The bus is here."}), ("mp-1", {"answer": "pan"})],
)
def test_which_choice_is_heard_changes_nothing_in_the_page(client, lesson, block_id, change):
    before = section(client.get(step_of(lesson, block_id)).content.decode(), block_id)
    with_heard(lesson, block_id, **change)
    after = section(client.get(step_of(lesson, block_id)).content.decode(), block_id)
    assert before == after


def test_listening_exercises_carry_no_text_to_speak(client, lesson):
    html = every_step(client, lesson)
    for block_id in ("dc-1", "mp-1", "lc-1"):
        assert "data-speak" not in section(html, block_id)
    assert "lessons/listening.js" in html


# --- the audio and the text behind the buttons ----------------------------------


def test_before_rendering_there_is_no_audio_and_the_text_is_given_for_speech(client, lesson):
    assert client.get(url(lesson, "lc-1")).status_code == 404
    response = client.get(url(lesson, "lc-1", "?text"))
    assert json.loads(response.content) == {"text": "The bus is late."}
    assert client.get(url(lesson, "mp-1", "?text")).json() == {"text": "fan"}


def test_once_rendered_each_speed_redirects_to_its_file_and_the_text_is_withheld(client, lesson):
    rendering.render_published_audio()
    heard = {"dc-1": "My zipper is stuck.", "mp-1": "fan", "lc-1": "The bus is late."}
    for block_id, text in heard.items():
        for query, rate in (("", NORMAL), ("?speed=slow", SLOW)):
            response = client.get(url(lesson, block_id, query))
            spoken = SpokenText.objects.get(text=text, speed=rate)
            assert response.status_code == 302 and response["Location"] == playing.file_url(spoken)
        assert client.get(url(lesson, block_id, "?text")).status_code == 404


@pytest.mark.parametrize(
    ("block_id", "query"), [("mc-1", ""), ("mc-1", "?text"), ("nope", ""), ("lc-1", "?speed=fast")]
)
def test_no_audio_for_other_exercises_unknown_blocks_or_speeds(client, lesson, block_id, query):
    rendering.render_published_audio()
    assert client.get(url(lesson, block_id, query)).status_code == 404


def test_a_draft_lesson_gives_nothing_away(client, lesson):
    lesson.unpublish()
    assert client.get(url(lesson, "lc-1", "?text")).status_code == 404
    assert client.get(url(lesson, "lc-1")).status_code == 404


# --- rendering ---------------------------------------------------------------------


def test_the_render_task_renders_what_listening_exercises_play(lesson):
    texts = lesson_texts(lesson, [])
    assert {"My zipper is stuck.", "fan", "pan", "The bus is late."} <= set(texts)
    rendering.render_published_audio()
    for text in ("My zipper is stuck.", "fan", "pan", "The bus is late."):
        assert SpokenText.objects.filter(text=text).count() == 2, text  # normal and slow


# --- whose answers -----------------------------------------------------------------------


def without_tokens(html: str) -> str:
    """The lesson itself, without the form tokens that change per session."""
    article = BeautifulSoup(html, "html.parser").find("article")
    for token in article.find_all("input", attrs={"name": "csrfmiddlewaretoken"}):
        token.decompose()
    return str(article)


def test_a_stranger_sees_nothing_of_anothers_listening_answers(client, lesson):
    alice, bob = learner(display_name="Alice-Secret"), learner(display_name="Bob")
    client.force_login(bob)
    before = without_tokens(client.get(lesson.url).content.decode())

    client.force_login(alice)
    answer = reverse("progress:answer_exercise", kwargs={"page_id": lesson.pk, "block_id": "lc-1"})
    client.post(answer, {"choice": ["The bus is full."]}, **HTMX)
    mine = client.get(reverse("privacy:export_data"))
    assert "lc-1" in b"".join(mine.streaming_content).decode()

    client.force_login(bob)
    after = client.get(lesson.url, {"user": alice.pk}).content.decode()
    assert without_tokens(after) == before
    theirs = client.get(reverse("privacy:export_data"), {"user": alice.pk})
    assert "lc-1" not in b"".join(theirs.streaming_content).decode()

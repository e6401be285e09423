"""On a 360 px phone, a listen-and-choose exercise plays its rendered audio, loaded
only when pressed, and is answered; before rendering, the browser's speech
synthesis speaks the text, which the page itself never carried."""

import pytest
from playwright.sync_api import expect

from lessons.audio import rendering
from tests.factories.lessons import LessonPageFactory
from tests.support.lesson_fixtures import LISTEN_AND_CHOOSE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
LOADED = """() => { const a = document.querySelector('.speak__audio');
  return a !== null && a.readyState >= 1 && a.duration > 0; }"""
# A speech synthesis that only remembers what it was asked to say.
RECORDING_SYNTHESIS = """
  window.spoken = [];
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  Object.defineProperty(window, 'speechSynthesis', { value: {
    speak: (u) => window.spoken.push([u.text, u.rate]), cancel: () => {} } });
"""


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def phone(browser, live_server):
    """A phone on the live server, which sends the rendered MP3s itself (from storage)."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.add_init_script(RECORDING_SYNTHESIS)
    page = context.new_page()
    yield page
    context.close()


def exercise_of(page):
    return page.locator("section.exercise", has_text="Which sentence do you hear?")


def test_a_listen_and_choose_plays_its_audio_and_is_answered(phone):
    lesson = LessonPageFactory(body=[LISTEN_AND_CHOOSE])
    rendering.render_published_audio()
    phone.goto(lesson.step_url(1))
    assert phone.locator("audio").count() == 0
    exercise = exercise_of(phone)
    exercise.get_by_role("button", name="Listen", exact=True).click()
    phone.wait_for_function(LOADED)
    assert phone.evaluate("window.spoken") == []
    exercise.get_by_label("The bus is late.").check()
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.locator(".feedback--right")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_before_rendering_the_browser_speaks_the_text_slowly_too(phone):
    lesson = LessonPageFactory(body=[LISTEN_AND_CHOOSE])
    phone.goto(lesson.step_url(1))
    exercise = exercise_of(phone)
    exercise.get_by_role("button", name="Listen", exact=True).click()
    phone.wait_for_function("() => window.spoken.length === 1")
    exercise.get_by_role("button", name="Slowly").click()
    phone.wait_for_function("() => window.spoken.length === 2")
    assert phone.evaluate("window.spoken") == [
        ["The bus is late.", 0.9],
        ["The bus is late.", 0.6],
    ]

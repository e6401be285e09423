"""On a 360 px phone: a word's speaker button loads its MP3 only when pressed and
the audio reports a duration; a minimal-pair and a listen-and-choose exercise play
by exercise (never naming their answer) and are answered."""

import pytest
from playwright.sync_api import expect

from lessons.audio import rendering
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.support.lesson_fixtures import block

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
PAIR = block(
    "minimal_pair",
    {
        "prompt": "Which word do you hear?",
        "words": ["think", "sink"],
        "answer": "think",
        "contrast": "th",
    },
    "mp-th",
)
LISTEN = block(
    "listen_and_choose",
    {
        "prompt": "Which sentence do you hear?",
        "text": "Turn left.",
        "choices": ["Turn right.", "Turn left."],
    },
    "lc-left",
)
LOADED = """() => { const a = document.querySelector('.speak__audio');
  return a !== null && a.readyState >= 1 && a.duration > 0; }"""
LISTEN_LOADED = """() => { const a = document.querySelector('.speak__audio[src*="lc-left"]');
  return a !== null && a.readyState >= 1 && a.duration > 0; }"""
DURATIONS = "[...document.querySelectorAll('.speak__audio')].map(a => a.duration)"
SLOW_LOADED = """() => { const a = document.querySelector('.speak--slow + .speak__audio');
  return a !== null && a.readyState >= 1 && a.duration > 0; }"""


@pytest.fixture
def lesson():
    words = [VocabularyItemFactory(headword="think", example_en="I think so.")]
    lesson = LessonPageFactory(
        body=[{"type": "vocabulary", "value": None}, PAIR, LISTEN], words=words
    )
    rendering.render_published_audio()
    return lesson


@pytest.fixture
def phone(browser, live_server):
    """A phone whose speech and exercise listening requests go to the live server;
    the MP3 a redirect names is fetched from the live server too (Saebom sends it
    from storage) and listed in `page.fetched`."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.fetched = []

    def serve(route):
        response = route.fetch(max_redirects=0)
        if response.status == 302:
            location = response.headers["location"]
            page.fetched.append(location)
            response = context.request.get(live_server.url + location)
        route.fulfill(response=response)

    page.route("**/speech/**", serve)
    page.route("**/exercises/*/listen/**", serve)
    yield page
    context.close()


def test_a_word_plays_its_audio_and_a_listening_exercise_is_answered(phone, lesson):
    page = phone
    page.goto(lesson.url)
    assert page.fetched == [] and page.locator("audio").count() == 0
    drawn = "document.querySelector('.speak__icon use').getBoundingClientRect().width"
    assert page.evaluate(drawn) > 10  # the icon is drawn from the page's one symbol
    word = page.locator(".word-card", has_text="think")
    word.get_by_role("button", name="Listen: think").click()
    page.wait_for_function(LOADED)
    assert 0.1 < page.evaluate("document.querySelector('.speak__audio').duration") < 2
    assert len(page.fetched) == 1 and page.fetched[0].endswith(".mp3")
    word.get_by_role("button", name="Slowly").first.click()
    page.wait_for_function(SLOW_LOADED)
    durations = page.evaluate(DURATIONS)
    assert durations[1] > durations[0] and len(page.fetched) == 2

    assert page.locator("section.exercise").count() == 0  # the words come first
    page.goto(lesson.step_url(1))
    exercise = page.locator("section.exercise", has_text="Which word do you hear?")
    exercise.get_by_role("button", name="Listen", exact=True).click()
    expect(exercise.locator(".speak__audio")).to_have_count(1)
    exercise.get_by_label("think").check()
    exercise.get_by_role("button", name="Check").click()
    expect(exercise.locator(".feedback--right")).to_be_visible()

    page.get_by_role("link", name="Next", exact=True).click()
    listen = page.locator("section.exercise", has_text="Which sentence do you hear?")
    assert listen.locator("[data-speak]").count() == 0  # played by exercise, not by text
    listen.get_by_role("button", name="Listen", exact=True).click()
    expect(listen.locator(".speak__audio")).to_have_count(1)
    page.wait_for_function(LISTEN_LOADED)
    assert len(page.fetched) == 4 and all(url.endswith(".mp3") for url in page.fetched)
    listen.get_by_label("Turn left.").check()
    listen.get_by_role("button", name="Check").click()
    expect(listen.locator(".feedback--right")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

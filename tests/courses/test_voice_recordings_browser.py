"""On a 360 px phone with a (fake) microphone: a learner records a word, plays it
back, and nothing leaves the phone or lands in the browser's storage until they
send it; sent, their tutor's page plays it."""

from django.conf import settings
from django.test import Client

import pytest
from playwright.sync_api import expect

from courses.models import VoiceRecording
from tests.factories.accounts import learner
from tests.factories.courses import ClassroomFactory, MembershipFactory, tutor
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
# What the page keeps in the browser's storage, by key and size.
STORED = """[localStorage, sessionStorage].map(store =>
  Object.keys(store).map(key => key + ':' + store.getItem(key).length))"""
AUDIO_HEAD = """async () => { const src = document.querySelector('audio').src;
  const answer = await fetch(src); return [answer.status, answer.headers.get('content-type')]; }"""


@pytest.fixture
def mic_browser(browser_type, browser_type_launch_args):
    """Chromium with a fake microphone that is allowed without asking."""
    args = [
        *browser_type_launch_args["args"],
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
    ]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    yield browser
    browser.close()


def phone_of(browser, base: str, user):
    """A phone signed in as `user` through a server-side session."""
    context = browser.new_context(viewport=PHONE, base_url=base)
    context.grant_permissions(["microphone"])
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return context.new_page()


def test_a_learner_records_plays_back_and_sends_a_word_their_tutor_hears(
    mic_browser, live_server, artifacts_dir
):
    words = [VocabularyItemFactory(headword="pharmacy", example_en="The pharmacy is open.")]
    lesson = LessonPageFactory(body=[{"type": "vocabulary", "value": None}], words=words)
    teacher = tutor()
    member = MembershipFactory(classroom=ClassroomFactory(tutor=teacher), learner=learner())

    page = phone_of(mic_browser, live_server.url, member.learner)
    sent = []
    page.on("request", lambda request: request.method == "POST" and sent.append(request.url))
    page.goto(lesson.url)
    before = page.evaluate(STORED)
    card = page.locator(".word-card", has_text="pharmacy")
    record = card.locator("[data-voice=record]").first
    record.click()
    page.wait_for_timeout(1200)
    record.click()  # stop
    expect(card.locator("[data-voice=play]").first).to_be_visible()
    card.locator("[data-voice=play]").first.click()
    assert sent == [] and page.evaluate(STORED) == before, before
    card.screenshot(path=str(artifacts_dir / "record-card-360.png"))

    card.locator("[data-voice=send]").first.click()
    dialog = page.locator("dialog.voice-send")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".voice-send__text")).to_have_text("pharmacy")
    dialog.locator("button[type=submit]").click()
    expect(dialog.locator(".voice-send__status")).not_to_be_empty()
    expect(card.locator("[data-voice=send]").first).to_be_hidden()  # sent once
    page.screenshot(path=str(artifacts_dir / "record-sent-360.png"))
    recording = VoiceRecording.objects.get()
    assert recording.text == "pharmacy" and recording.size > 0
    assert list(recording.tutors.all()) == [teacher]
    assert page.evaluate(STORED) == before

    page = phone_of(mic_browser, live_server.url, teacher)
    page.goto("/tutor/recordings/")
    expect(page.locator("audio")).to_have_count(1)
    status, content_type = page.evaluate(AUDIO_HEAD)
    assert status == 200 and content_type == recording.content_type

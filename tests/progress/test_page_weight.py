"""Each learner page, with its own CSS and JavaScript, stays under 150 KB and
loads nothing from another site (images aside). The scripts that only study with
no connection needs (the shared grading rules, FSRS in the browser: data-later in
cms/includes/offline_scripts.html) are loaded when a page is offline or a request
fails, from the phone's cache, so they are not part of a page's weight online."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

import pytest

from lessons.audio import rendering
from progress import recording
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory, every_block

pytestmark = pytest.mark.django_db

BUDGET = 150 * 1024
ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"')


def asset_size(url: str) -> int:
    assert url.startswith(settings.STATIC_URL), f"{url} is not served by the app"
    path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert path, f"{url} is not a static file of the app"
    with open(path, "rb") as handle:
        return len(handle.read())


def page_weight(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html.split("<body", 1)[0]), url
    assets = {u for u in ASSET.findall(html) if u.endswith((".css", ".js"))}
    return len(response.content) + sum(asset_size(u) for u in assets)


@pytest.fixture
def rich_lesson(lesson):
    """A lesson with every block type and a dozen words, half answered."""
    from tests.factories.lessons import LessonPageFactory

    big = LessonPageFactory(
        parent=lesson.get_parent(),
        body=every_block() * 2,
        words=[VocabularyItemFactory(headword=f"weight{i}") for i in range(12)],
    )
    rendering.render_published_audio()  # every speaker button carries its MP3 URLs
    return big


def test_learner_pages_stay_under_150_kb_with_their_css_and_js(client, lesson, rich_lesson):
    user = learner(ui_language="ko")
    recording.start_lesson(learner=user, lesson=rich_lesson)
    recording.create_review_cards(learner=user, items=rich_lesson.vocabulary_items())
    client.force_login(user)
    steps = range(1, len(rich_lesson.exercise_blocks()) + 1)
    urls = [
        "/",
        rich_lesson.url,
        *(rich_lesson.step_url(n) for n in steps),
        rich_lesson.step_url(1, again=True),
        rich_lesson.summary_url(),
        rich_lesson.get_parent().url,
        rich_lesson.get_parent().get_parent().url,
        reverse("accounts:settings"),
        reverse("privacy:privacy"),
        reverse("progress:review"),
    ]
    weights = {url: page_weight(client, url) for url in urls}
    assert max(weights.values()) < BUDGET, weights


def test_sign_up_and_sign_in_pages_stay_under_150_kb(client):
    for url in (reverse("account_signup"), reverse("account_login"), "/"):
        assert page_weight(client, url) < BUDGET

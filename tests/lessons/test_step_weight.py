"""Page weight: every step of every shipped lesson is under 150 KB of
uncompressed HTML, as a signed-in learner sees it."""

from pathlib import Path

import pytest

from content.loader import load_curriculum
from lessons.models import LessonPage
from progress import recording
from tests.factories.accounts import learner

DATA = Path(__file__).resolve().parents[2] / "content" / "data"
BUDGET = 150 * 1024


def step_urls(lesson: LessonPage) -> list[str]:
    numbers = range(1, len(lesson.exercise_blocks()) + 1)
    return [lesson.url, *(lesson.step_url(n) for n in numbers), lesson.summary_url()]


def weight(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return len(response.content)


@pytest.mark.django_db
def test_every_step_of_every_shipped_lesson_is_under_150_kb(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The search index plays no part in a page's weight and is most of the loading time.
    backend = {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
    settings.WAGTAILSEARCH_BACKENDS = {"default": backend}
    load_curriculum(DATA)
    lessons = list(LessonPage.objects.live().specific())
    user = learner(ui_language="ko")
    client.force_login(user)
    weights = {}
    for lesson in lessons:
        recording.start_lesson(learner=user, lesson=lesson)
        weights.update({url: weight(client, url) for url in step_urls(lesson)})
    # The step asked again is the same exercise with another label and one more field.
    heaviest = max((url for url in weights if "/step/" in url), key=weights.get)
    again = heaviest.replace("/step/", "/again/")
    weights[again] = weight(client, again)
    assert len(weights) > 5 * len(lessons) > 150  # every course's lessons, in steps
    assert max(weights.values()) < BUDGET, max(weights.items(), key=lambda item: item[1])

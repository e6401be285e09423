"""Matching by tapping pairs on a 360 px phone: tap a left item then a right one,
tap a pair again to undo it; the hidden lists carry the answer, so the same form
posts. Without JavaScript the lists are there to choose from."""

from django.conf import settings

import pytest
from playwright.sync_api import expect

from progress.models import ExerciseAttempt
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
MATCHING = {
    "type": "matching",
    "id": "match-1",
    "value": {
        "prompt": "Match the words.",
        "pairs": [
            {"left": "pharmacy", "right": "약국"},
            {"left": "bank", "right": "은행"},
            {"left": "school", "right": "학교"},
        ],
    },
}


@pytest.fixture
def lesson():
    return LessonPageFactory(body=[MATCHING])


def phone_page(browser, live_server, **options):
    context = browser.new_context(
        locale="ko-KR", viewport=PHONE, base_url=live_server.url, **options
    )
    return context, context.new_page()


def sign_in(context, live_server, client):
    user = learner(ui_language="ko")
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": cookie, "url": live_server.url}])
    return user


def test_pairs_are_made_by_tapping_undone_by_tapping_again_and_posted(
    browser, live_server, client, lesson, artifacts_dir
):
    context, page = phone_page(browser, live_server)
    user = sign_in(context, live_server, client)
    page.goto(lesson.step_url(1))
    exercise = page.locator("section.exercise")
    expect(exercise.locator("select").first).to_be_hidden()
    left, right = exercise.locator(".match-board__column").all()

    def tap(column, text):
        column.get_by_role("button", name=text).click()

    tap(left, "pharmacy")
    expect(left.get_by_role("button", name="pharmacy")).to_have_attribute("aria-pressed", "true")
    tap(right, "은행")  # a wrong pair first
    expect(exercise.locator('select[name="match-0"] option:checked')).to_have_text("은행")
    tap(left, "pharmacy")  # tapped again: undone
    expect(exercise.locator('select[name="match-0"]')).to_have_value("")
    expect(left.get_by_role("button", name="pharmacy")).to_have_attribute("aria-pressed", "false")
    for word, match in (("pharmacy", "약국"), ("bank", "은행"), ("school", "학교")):
        tap(left, word)
        tap(right, match)
    expect(right.locator(".match-button--paired")).to_have_count(3)
    expect(left.locator(".match-button__tag")).to_have_text(["1", "2", "3"])
    page.screenshot(path=str(artifacts_dir / "matching-tapped-360.png"))
    exercise.get_by_role("button", name="확인").click()
    expect(exercise.locator(".feedback--right")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
    assert ExerciseAttempt.objects.get(learner=user).correct is True


def test_without_javascript_matching_is_chosen_from_lists(browser, live_server, lesson):
    context, page = phone_page(browser, live_server, java_script_enabled=False)
    page.goto(lesson.step_url(1))
    exercise = page.locator("section.exercise")
    expect(exercise.locator(".match-board")).to_have_count(0)
    for index, word in enumerate(("약국", "은행", "학교")):
        exercise.locator(f'select[name="match-{index}"]').select_option(label=word)
    exercise.get_by_role("button", name="확인").click()
    expect(exercise.locator(".feedback--right")).to_be_visible()
    context.close()

"""A learner whose phone runs no JavaScript goes through a lesson in steps as plain
pages: the words, then an exercise whose plain form post brings them back to that
step with its feedback in view and a link on, then the summary."""

import pytest
from playwright.sync_api import expect

from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
READING = " ".join(
    ["<p>People keep their money in a bank. They can take it out at any time.</p>"] * 12
)
BODY = [
    {"type": "text", "id": "text-1", "value": READING},
    {
        "type": "gap_fill",
        "id": "gap-1",
        "value": {"prompt": "Fill in the blank.", "text": "I keep my [[money]] in a bank."},
    },
    {
        "type": "word_order",
        "id": "order-1",
        "value": {
            "prompt": "Put the words in order.",
            "sentence": "Yesterday I went to the bank.",
            "alternatives": ["I went to the bank yesterday."],
        },
    },
    {"type": "text", "id": "text-2", "value": READING},
]


@pytest.fixture
def lesson():
    words = [VocabularyItemFactory(headword=w) for w in ("bank", "money")]
    return LessonPageFactory(title="At the bank", body=BODY, words=words)


@pytest.fixture
def phone_without_javascript(browser, live_server):
    context = browser.new_context(
        locale="ko-KR", viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def test_feedback_is_in_view_inside_the_exercise_after_a_plain_post(
    phone_without_javascript, lesson, artifacts_dir
):
    page = phone_without_javascript
    page.goto(lesson.url)
    expect(page.locator("section.exercise")).to_have_count(0)  # the words come first
    page.get_by_role("link", name="연습 2개 시작하기").click()
    expect(page.locator("#step-label")).to_have_text("연습 1 / 2")
    page.goto(lesson.step_url(2))
    exercise = page.locator("section.exercise", has_text="Put the words in order.")
    expect(exercise.locator("button.word-token")).to_have_count(0)  # no script made buttons
    exercise.locator('input[name="sentence"]').fill("I went to the bank yesterday")
    exercise.get_by_role("button", name="확인").click()

    page.wait_for_url(f"**{lesson.step_url(2)}#prompt-order-1")
    feedback = exercise.locator("#feedback-order-1 .feedback--right")
    expect(feedback).to_be_visible()
    expect(feedback.locator(".feedback__also")).to_contain_text("Yesterday I went to the bank.")
    expect(exercise.get_by_role("heading", name="Put the words in order.")).to_be_in_viewport()
    expect(feedback).to_be_in_viewport()
    expect(page.locator(".messages")).to_be_hidden()
    page.screenshot(path=str(artifacts_dir / "nojs-feedback-360.png"))

    page.get_by_role("link", name="다음").click()  # a visitor's answers are not kept
    expect(page.get_by_role("heading", name="과를 마치며")).to_be_visible()
    expect(page.locator(".lesson-summary a[href*='login']")).to_be_visible()

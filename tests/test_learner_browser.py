"""A learner on a 360 px phone, in the Korean UI: join with a code, find the lesson
on the course map, study it step by step, get one exercise wrong and answer it
right when it comes back, see the summary, and see the lesson done at home."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => el.offsetParent !== null)
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
  .map(el => el.name)"""
BODY = [
    {
        "type": "multiple_choice",
        "id": "mc-1",
        "value": {
            "prompt": "Where do you buy medicine?",
            "prompt_ko": "약은 어디에서 삽니까?",
            "choices": [
                {"text": "at a pharmacy", "correct": True},
                {"text": "at a bank", "correct": False},
            ],
            "feedback_right": "맞습니다.",
            "feedback_wrong": "약은 약국에서 삽니다.",
        },
    },
    {
        "type": "gap_fill",
        "id": "gap-1",
        "value": {"prompt": "Fill in the blank.", "text": "I need some [[bread]]."},
    },
]


@pytest.fixture
def assigned_lesson():
    course = CoursePageFactory(title="First Steps", title_ko="첫걸음")
    words = [VocabularyItemFactory(headword=w) for w in ("pharmacy", "bread", "medicine")]
    return LessonPageFactory(
        parent=course, title="At the pharmacy", title_ko="약국에서", body=BODY, words=words
    )


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="ko-KR", viewport=PHONE, base_url=live_server.url)
    yield context.new_page()
    context.close()


def test_a_learner_joins_studies_a_lesson_and_sees_it_done(phone, assigned_lesson, artifacts_dir):
    page = phone

    def shot(name):
        page.screenshot(path=str(artifacts_dir / f"learner-{name}-360.png"), full_page=True)

    page.goto("/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    assert page.evaluate(UNLABELLED) == []
    page.get_by_label("가입 부호").fill("test-join-code")
    page.get_by_label("사용자 이름").fill("spring-sparrow")
    page.get_by_label("부를 이름").fill("제비")
    page.get_by_label("비밀번호", exact=True).fill("river-spring-42")
    page.get_by_label("비밀번호 한번 더").fill("river-spring-42")
    shot("1-join")
    page.get_by_role("button", name="가입하기").click()

    expect(page.get_by_role("heading", name="나의 복구 부호")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(8)
    shot("2-recovery-codes")
    page.get_by_role("link", name="다 적었습니다").click()

    expect(page.get_by_role("heading", name="안녕하십니까, 제비")).to_be_visible()
    shot("3-home-before")
    page.locator("#nav-courses").click()
    page.get_by_role("link", name="First Steps").click()
    lessons = page.locator("#course-lessons")
    expect(lessons).to_contain_text("At the pharmacy")
    expect(lessons).to_contain_text("시작 안 함")
    lessons.get_by_role("link", name=re.compile("At the pharmacy")).click()

    expect(page.get_by_role("heading", name="At the pharmacy")).to_be_visible()
    expect(page.locator(".lesson__course a")).to_contain_text("First Steps")
    page.get_by_role("link", name="연습 2개 시작하기").click()

    expect(page.locator("#step-label")).to_have_text("연습 1 / 2")
    expect(page.locator("progress")).to_have_attribute("value", "1")
    assert page.evaluate(UNLABELLED) == []
    choice = page.locator("section.exercise", has_text="Where do you buy medicine?")
    choice.get_by_label("at a bank").check()
    choice.get_by_role("button", name="확인").click()
    expect(choice.locator(".feedback--wrong")).to_contain_text("약은 약국에서 삽니다.")
    expect(choice.locator(".feedback--wrong")).to_contain_text("at a pharmacy")
    shot("4-lesson-feedback")
    page.get_by_role("link", name="다음").click()

    expect(page.locator("#step-label")).to_have_text("연습 2 / 2")
    gap = page.locator("section.exercise", has_text="Fill in the blank.")
    gap.get_by_label("빈칸 1").fill("bread")
    gap.get_by_role("button", name="확인").click()
    expect(gap.locator(".feedback--right")).to_be_visible()
    expect(gap.locator(".feedback__done")).to_be_visible()
    page.get_by_role("link", name="다음").click()

    expect(page.locator("#step-label")).to_have_text("한번 더: 연습 1")  # the wrong one again
    choice = page.locator("section.exercise", has_text="Where do you buy medicine?")
    choice.get_by_label("at a bank").check()
    choice.get_by_role("button", name="확인").click()
    expect(choice.locator(".feedback--wrong")).to_be_visible()
    expect(page.get_by_role("link", name="지금은 건너뛰기")).to_be_visible()
    choice.get_by_label("at a pharmacy").check()  # answered anew, under the key htmx swapped in
    choice.get_by_role("button", name="확인").click()
    expect(choice.locator(".feedback--right")).to_be_visible()
    page.get_by_role("link", name="다음").click()

    expect(page.get_by_role("heading", name="과를 마치며")).to_be_visible()
    expect(page.locator(".lesson-summary__score")).to_contain_text("100%")
    expect(page.locator("#summary-words li")).to_have_count(3)
    shot("5-summary")
    page.get_by_role("link", name="나의 공부로 돌아가기").click()

    finished = page.locator("#finished-lessons")
    expect(finished).to_contain_text("At the pharmacy")
    expect(finished).to_contain_text("끝냄")
    expect(page.locator("#reviews-due")).to_have_text("6")
    expect(page.get_by_text("복습할 단어가 6개 있습니다.")).to_be_visible()
    shot("6-home-done")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

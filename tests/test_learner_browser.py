"""A learner on a 360 px phone, in the Korean UI: join with a code, study the
next lesson, get one exercise wrong and one right, finish, and see it done."""

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
    page.get_by_role("link", name=re.compile("At the pharmacy")).first.click()

    assert page.evaluate(UNLABELLED) == []
    choice = page.locator("section.exercise", has_text="Where do you buy medicine?")
    choice.get_by_label("at a bank").check()
    choice.get_by_role("button", name="확인").click()
    expect(choice.locator(".feedback--wrong")).to_contain_text("약은 약국에서 삽니다.")
    expect(choice.locator(".feedback--wrong")).to_contain_text("at a pharmacy")

    gap = page.locator("section.exercise", has_text="Fill in the blank.")
    gap.get_by_label("빈칸 1").fill("bread")
    gap.get_by_role("button", name="확인").click()
    expect(gap.locator(".feedback--right")).to_be_visible()
    expect(gap.locator(".feedback__done")).to_be_visible()
    shot("4-lesson-feedback")

    page.get_by_role("button", name="이 과 끝내기").click()
    expect(page.get_by_text("과를 끝냈습니다. 이 과의 단어를 복습할 수 있습니다.")).to_be_visible()
    finished = page.locator("#finished-lessons")
    expect(finished).to_contain_text("At the pharmacy")
    expect(finished).to_contain_text("끝냄")
    expect(page.locator("#reviews-due")).to_have_text("6")
    expect(page.get_by_text("복습할 단어가 6개 있습니다.")).to_be_visible()
    shot("5-home-done")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

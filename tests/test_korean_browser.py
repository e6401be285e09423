"""Korean everywhere: a new learner on a 360 px phone with a Korean browser joins a
classroom with its code, and every page reached from the header and the home page
shows no English outside `lang="en"` (tests/support/korean_check.py)."""

import pytest
from playwright.sync_api import expect

from content.loader import Loader, LoadReport
from courses import classrooms
from hub.seeding import seed_hub_examples
from tests.factories.courses import CoursePageFactory, tutor
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.support.korean_check import english_leaks, is_korean

PHONE = {"width": 360, "height": 740}
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
        },
    },
]
# Pages a learner reaches from the header, the footer and the home page.
PAGES = {
    "home": "/",
    "settings": "/learn/settings/",
    "password": "/accounts/password/change/",
    "privacy": "/learn/privacy/",
    "classrooms": "/classes/",
    "recordings": "/classes/recordings/",
    "help": "/help/",
    "stories": "/stories/",
    "my stories": "/hub/stories/",
    "review": "/learn/review/",
}


@pytest.fixture
def studies():
    """A classroom to join, a course map with one course and one lesson, the hub pages."""
    index = Loader(LoadReport()).course_index()
    course = CoursePageFactory(parent=index, title="First Steps", title_ko="첫걸음")
    words = [VocabularyItemFactory(headword=w) for w in ("pharmacy", "bread", "medicine")]
    lesson = LessonPageFactory(
        parent=course, title="At the pharmacy", title_ko="약국에서", body=BODY, words=words
    )
    seed_hub_examples()
    classroom = classrooms.create_classroom(tutor=tutor(), name="Evening class")
    pages = {"course map": index, "course": course, "lesson": lesson}
    return {"join_code": classroom.join_code, **pages}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="ko-KR", viewport=PHONE, base_url=live_server.url)
    yield context.new_page()
    context.close()


VISITOR_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/learn/recover/"]


def sign_up(page, join_code: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("가입 부호").fill(join_code)
    page.get_by_label("사용자 이름").fill("spring-sparrow")
    page.get_by_label("부를 이름").fill("제비")
    page.get_by_label("비밀번호", exact=True).fill("river-spring-42")
    page.get_by_label("비밀번호 한번 더").fill("river-spring-42")
    page.get_by_role("button", name="가입하기").click()
    expect(page.get_by_role("heading", name="나의 복구 부호")).to_be_visible()


def leaks_on(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    return [f"{url}: {leak.text!r} in {leak.where}" for leak in english_leaks(page)]


@pytest.mark.parametrize(
    ("text", "korean"),
    [
        ("새봄 영어", True),
        ("Anki(앙끼)는 무료 프로그램입니다", True),
        ("r과 l", True),
        ("85%", True),
        ("Kind", False),
        ("익힐 소리: cluster, final_voicing", False),
        ("1 다시 Again 1m", False),
        ("f/p", False),
    ],
)
def test_a_text_is_korean_when_it_has_hangul_and_no_english_word(text, korean):
    assert is_korean(text) is korean


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_learner_with_a_korean_browser_sees_korean_everywhere(phone, studies):
    leaks = [leak for url in VISITOR_PAGES for leak in leaks_on(phone, url)]
    sign_up(phone, studies["join_code"])
    leaks += [f"recovery codes: {leak.text!r} in {leak.where}" for leak in english_leaks(phone)]
    urls = [*PAGES.values(), *(studies[name].url for name in ("course map", "course", "lesson"))]
    leaks += [leak for url in urls for leak in leaks_on(phone, url)]
    assert leaks == [], "\n".join(leaks)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_anki_page_is_korean_outside_anki_menu_names(phone, studies):
    sign_up(phone, studies["join_code"])
    leaks = leaks_on(phone, "/learn/anki/import/")
    assert leaks == [], "\n".join(leaks)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_lessons_word_cards_are_korean_outside_english(phone, studies):
    lesson = studies["lesson"]
    lesson.body = [{"type": "vocabulary", "value": None}, *BODY]
    lesson.save_revision().publish()
    sign_up(phone, studies["join_code"])
    leaks = leaks_on(phone, lesson.url)
    assert leaks == [], "\n".join(leaks)

"""The placement test in the browser, on a 360 px phone in the Korean UI: a
brand-new learner signs up, finds the test on the home page, answers, is placed and
lands on the recommended lesson, which the home page then offers; the tutor sees the
level. A learner who answers at random is placed in Pre-A1 and sent to First Steps:
Letters and Sounds."""

import random

from django.urls import reverse

import pytest
from playwright.sync_api import expect

from courses import classrooms
from progress import placement, placement_items
from progress.models import PlacementTest
from tests.factories.accounts import PASSWORD
from tests.factories.courses import tutor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="ko-KR", viewport=PHONE, base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def classroom(placement_curriculum):
    return classrooms.create_classroom(tutor=tutor(username="ms-park"), name="Evening class")


def sign_up(page, join_code: str, username: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("가입 부호").fill(join_code)
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("부를 이름").fill("제비")
    page.get_by_label("비밀번호", exact=True).fill("river-spring-42")
    page.get_by_label("비밀번호 한번 더").fill("river-spring-42")
    page.get_by_role("button", name="가입하기").click()
    expect(page.get_by_role("heading", name="나의 복구 부호")).to_be_visible()


def take_the_test(page, choose) -> PlacementTest:
    """From the home page to the result; `choose(question)` gives the text to pick."""
    page.goto("/")
    page.locator("#placement-link").get_by_role("link", name="내 수준 알아보기").click()
    page.get_by_role("button", name="시험 시작하기").click()
    for _ in range(placement.MAX_ITEMS):
        expect(page.locator(".placement-question, #placement-result").first).to_be_visible()
        if page.locator("#placement-result").count():
            break
        test = PlacementTest.objects.get(finished_at__isnull=True)
        question = placement_items.bank()[test.asking]
        page.get_by_label(choose(question), exact=True).check()
        page.get_by_role("button", name="다음").click()
    expect(page.locator("#placement-result")).to_be_visible()
    return PlacementTest.objects.get()


def test_a_new_learner_is_placed_and_lands_on_the_recommended_lesson(
    phone, placement_curriculum, classroom, browser, live_server, artifacts_dir
):
    page = phone
    sign_up(page, classroom.join_code, "spring-sparrow")
    test = take_the_test(page, lambda question: question.right)  # knows every answer
    page.screenshot(path=str(artifacts_dir / "placement-result-360.png"), full_page=True)
    assert test.level in ("B1", "B2")
    lesson = placement_curriculum[test.level]
    expect(page.locator("#placement-result")).to_contain_text(f"내 수준: {test.level}")
    page.locator("#placement-start-lesson").click()
    expect(page).to_have_url(live_server.url + lesson.url)
    page.goto("/")  # the home page now offers the same lesson first
    expect(page.locator(".lesson-list__item").first).to_contain_text(lesson.title)
    expect(page.locator("#placement-level")).to_contain_text(test.level)

    context = browser.new_context(locale="en-US", base_url=live_server.url)
    tutor_page = context.new_page()  # the tutor sees the level
    tutor_page.goto("/accounts/login/")
    tutor_page.get_by_label("User name").fill("ms-park")
    tutor_page.get_by_label("Password").fill(PASSWORD)
    tutor_page.get_by_role("button", name="Sign in").click()
    tutor_page.goto(reverse("courses:classroom", args=[classroom.pk]))
    expect(tutor_page.locator("#grid .placement-level")).to_have_text(test.level)
    context.close()


def test_a_learner_who_answers_at_random_is_placed_in_first_steps(
    phone, placement_curriculum, classroom, live_server
):
    rng = random.Random(19)
    page = phone
    sign_up(page, classroom.join_code, "spring-swallow")
    test = take_the_test(page, lambda question: rng.choice(question.choices))
    assert test.level == "A0"
    expect(page.locator("#placement-result")).to_contain_text("내 수준: 입문 (Pre-A1)")
    page.locator("#placement-start-lesson").click()
    expect(page).to_have_url(live_server.url + placement_curriculum["A0"].url)
    expect(page.get_by_text("First Steps: Letters and Sounds").first).to_be_visible()

"""A tutor makes a classroom, a learner joins it with its code at sign-up, the
tutor assigns a lesson, the learner finishes it, and the tutor's grid shows it
done with the score. At desktop width, a tutor finds who is behind across their
classrooms from the header."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from progress.models import ReviewCard
from tests.factories.accounts import learner
from tests.factories.courses import (
    AssignmentFactory,
    ClassroomFactory,
    CoursePageFactory,
    MembershipFactory,
    tutor,
)
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.test_learner_browser import BODY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "saebom-test-password"
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def lesson():
    course = CoursePageFactory(title="First Steps", title_ko="첫걸음")
    words = [VocabularyItemFactory(headword=w) for w in ("pharmacy", "bread")]
    return LessonPageFactory(
        parent=course, title="At the pharmacy", title_ko="약국에서", body=BODY, words=words
    )


@pytest.fixture
def contexts(browser, live_server):
    made = []

    def new(locale):
        context = browser.new_context(locale=locale, base_url=live_server.url)
        made.append(context)
        return context.new_page()

    yield new
    for context in made:
        context.close()


def test_a_tutor_sees_an_assigned_lesson_done_with_its_score(contexts, lesson, artifacts_dir):
    teacher = tutor(username="ms-kim")
    desk, phone = contexts("en-US"), contexts("ko-KR")

    desk.goto("/accounts/login/")
    desk.get_by_label("User name").fill(teacher.username)
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Sign in").click()
    desk.goto("/tutor/")
    desk.get_by_label("Name").fill("Tuesday evening")
    desk.get_by_role("button", name="Create classroom").click()
    expect(desk.get_by_role("heading", name="Tuesday evening")).to_be_visible()
    code = desk.locator("#join-code").inner_text()

    phone.goto("/accounts/signup/")
    phone.get_by_label("가입 부호").fill(code.lower())
    phone.get_by_label("사용자 이름").fill("spring-sparrow")
    phone.get_by_label("부를 이름").fill("Sparrow")
    phone.get_by_label("비밀번호", exact=True).fill("river-spring-42")
    phone.get_by_label("비밀번호 한번 더").fill("river-spring-42")
    phone.get_by_role("button", name="가입하기").click()
    phone.get_by_role("link", name="다 적었습니다").click()

    desk.reload()
    expect(desk.locator("#grid")).to_contain_text("Sparrow")
    desk.get_by_role("link", name="Assign work").click()
    desk.get_by_label("Lesson").select_option(label="At the pharmacy")
    today = timezone.localdate()  # due a week on, so a run over midnight is not overdue
    desk.get_by_label("Start").fill(today.isoformat())
    desk.get_by_label("Due").fill((today + timedelta(days=7)).isoformat())
    desk.get_by_role("button", name="Assign", exact=True).click()
    row = desk.locator("#grid tr", has_text="Sparrow")
    expect(row.locator("td.cell").first).to_have_text("not started")

    phone.reload()
    phone.locator("#assignments").get_by_role("link", name="At the pharmacy").click()
    phone.locator("#start-exercises").click()
    choice = phone.locator("section.exercise", has_text="Where do you buy medicine?")
    choice.get_by_label("at a pharmacy").check()
    choice.get_by_role("button", name="확인").click()
    expect(choice.locator(".feedback--right")).to_be_visible()
    phone.locator("#next-step").click()
    gap = phone.locator("section.exercise", has_text="Fill in the blank.")
    gap.get_by_label("빈칸 1").fill("bread")
    gap.get_by_role("button", name="확인").click()
    expect(gap.locator(".feedback__done")).to_be_visible()
    phone.locator("#next-step").click()  # nothing to answer again: the summary
    phone.get_by_role("link", name="나의 공부로 돌아가기").click()
    expect(phone.locator("#finished-lessons")).to_contain_text("At the pharmacy")

    desk.reload()
    expect(row.locator("td.cell").first).to_have_text("done 100%")
    desk.screenshot(path=str(artifacts_dir / "tutor-grid.png"), full_page=True)


def test_a_tutor_finds_a_learner_behind_and_their_word_at_risk_from_the_header(
    browser, live_server, lesson, artifacts_dir
):
    teacher = tutor(username="ms-kim")
    now, today = timezone.now(), timezone.localdate()
    for name in ("Tuesday evening", "Saturday morning"):
        room = ClassroomFactory(tutor=teacher, name=name)
        AssignmentFactory(classroom=room, lesson=lesson, due_on=today - timedelta(days=2))
    sparrow = learner(display_name="Sparrow")
    MembershipFactory(classroom=room, learner=sparrow, joined_at=now - timedelta(days=10))
    ReviewCard.objects.create(
        learner=sparrow, item=lesson.vocabulary_links.get(item__headword="pharmacy").item,
        direction="recognition", state=2, step=None, due=now, stability=1.0, difficulty=8.0,
        last_review=now - timedelta(days=3), reps=2,
    )  # fmt: skip
    context = browser.new_context(locale="en-US", viewport=DESKTOP, base_url=live_server.url)
    desk = context.new_page()

    desk.goto("/accounts/login/")
    desk.get_by_label("User name").fill(teacher.username)
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Sign in").click()
    desk.get_by_role("navigation", name="Main").get_by_role("link", name="Tutor").click()
    desk.get_by_role("navigation", name="Tutor").get_by_role("link", name="Who is behind").click()

    expect(desk.get_by_role("heading", name="Who is behind")).to_be_visible()
    behind = desk.locator('#behind tbody[data-learner="Sparrow"]')
    expect(behind).to_contain_text("Saturday morning")
    expect(behind).to_contain_text("At the pharmacy")
    expect(behind).to_contain_text("overdue")
    expect(behind.locator(".words-at-risk")).to_contain_text("pharmacy")
    expect(behind.locator(".words-at-risk")).not_to_contain_text("bread")
    desk.screenshot(path=str(artifacts_dir / "tutor-behind.png"), full_page=True)
    context.close()

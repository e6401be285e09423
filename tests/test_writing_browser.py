"""A learner in a classroom writes an email in a writing exercise and sends it; the
tutor opens it from the classroom and comments; the learner sees the comment on
their home page, under My writing and on the exercise. Another learner who tries
the tutor's page gets 404. Written with no connection, the text waits in the outbox
(checked for its length on the phone, not graded) and reaches the tutor once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from progress import recording
from progress.models import WritingSubmission
from tests.factories.accounts import learner
from tests.factories.courses import ClassroomFactory, CoursePageFactory, MembershipFactory, tutor
from tests.factories.lessons import LessonPageFactory
from tests.support.lesson_fixtures import MULTIPLE_CHOICE, WRITING
from tests.test_review_browser import signed_in_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "saebom-test-password"
EMAIL = "Dear Ms Kim,\nI am sick today, so I cannot come to class. I am sorry.\nMina"
COMMENT = "Clear and polite. Next time, add a subject line."


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


def sign_in(page, username, *, korean: bool):
    page.goto("/accounts/login/")
    page.get_by_label("사용자 이름" if korean else "User name").fill(username)
    page.get_by_label("비밀번호" if korean else "Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="들어가기" if korean else "Sign in").click()


def test_a_learner_writes_an_email_the_tutor_comments_and_the_learner_sees_it(
    contexts, artifacts_dir
):
    course = CoursePageFactory(title="Study", title_ko="공부")
    lesson = LessonPageFactory(
        parent=course, title="Emails", title_ko="메일", body=[MULTIPLE_CHOICE, WRITING]
    )
    room = ClassroomFactory(tutor=tutor(username="ms-kim"), name="Tuesday evening")
    sparrow = learner(display_name="Sparrow", ui_language="ko")
    MembershipFactory(classroom=room, learner=sparrow, joined_at=timezone.now() - timedelta(days=1))
    phone, desk, other = contexts("ko-KR"), contexts("en-US"), contexts("ko-KR")

    sign_in(phone, sparrow.username, korean=True)
    phone.goto(lesson.step_url(2))
    exercise = phone.locator("section.exercise--writing")
    box = exercise.get_by_label("영어로 쓰십시오: 5~60 단어.")
    box.fill("Sick today.")
    exercise.get_by_role("button", name="선생님에게 보내기").click()
    expect(exercise.locator(".feedback--error")).to_contain_text("조금 더 쓰십시오")
    box.fill(EMAIL)
    exercise.get_by_role("button", name="선생님에게 보내기").click()
    expect(exercise.locator(".feedback--sent")).to_contain_text("선생님께 보냈습니다")
    expect(exercise.locator(".feedback__model")).to_contain_text("Dear Ms Kim")
    phone.screenshot(path=str(artifacts_dir / "writing-sent.png"), full_page=True)

    sign_in(desk, "ms-kim", korean=False)
    desk.goto(reverse("courses:classroom", args=[room.pk]))
    desk.get_by_role("link", name="Learners' writing").click()
    awaiting = desk.locator("#writing-awaiting")
    expect(awaiting).to_contain_text("Sparrow")
    awaiting.get_by_role("link", name="Sparrow").click()
    expect(desk.locator("#writing-text")).to_contain_text("I am sick today, so I cannot come")
    detail_url = desk.url
    desk.get_by_label("Comment for the learner").fill(COMMENT)
    desk.get_by_role("button", name="Send comment").click()
    expect(desk.locator("#writing-commented")).to_contain_text("Sparrow")
    expect(desk.locator("#writing-awaiting")).to_have_count(0)
    desk.screenshot(path=str(artifacts_dir / "writing-tutor.png"), full_page=True)

    phone.goto("/")
    phone.locator("#writing-comments-notice a").click()
    expect(phone.locator("#my-writing")).to_contain_text(COMMENT)
    expect(phone.locator("#my-writing")).to_contain_text("선생님의 의견")
    phone.goto(lesson.step_url(2))  # a page the phone keeps: counts, not texts
    expect(phone.locator(".writing-sent")).to_contain_text("선생님이 남긴 말이 1개 있습니다")
    expect(phone.locator(".writing-sent")).not_to_contain_text(COMMENT)
    phone.screenshot(path=str(artifacts_dir / "writing-comment.png"), full_page=True)

    stranger = learner(ui_language="ko")
    sign_in(other, stranger.username, korean=True)
    assert other.goto(detail_url).status == 404
    other.goto(reverse("progress:my_writing"))
    expect(other.locator("body")).not_to_contain_text(COMMENT)


def ready(page) -> None:
    """The page's offline work is done and the service worker is in charge (polled from
    here: the site's CSP forbids the eval that wait_for_function's polling uses)."""
    page.evaluate("window.SaebomOffline.ready")
    for _ in range(100):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never took the page over")


def test_writing_with_no_connection_is_kept_and_sent_to_the_tutor_once(browser, live_server):
    course = CoursePageFactory(title="Study", title_ko="공부")
    lesson = LessonPageFactory(parent=course, title="Emails", title_ko="메일", body=[WRITING])
    user = learner(ui_language="ko")
    recording.start_lesson(learner=user, lesson=lesson)
    context = signed_in_context(browser, live_server, user)
    page = context.new_page()
    page.goto(lesson.url)
    ready(page)

    context.set_offline(True)
    assert page.goto(lesson.step_url(1)).from_service_worker
    box = page.get_by_label("영어로 쓰십시오: 5~60 단어.")
    box.fill("Sick today.")
    page.get_by_role("button", name="선생님에게 보내기").click()
    expect(page.locator(".feedback--error")).to_contain_text("조금 더 쓰십시오")
    box.fill(EMAIL)
    page.get_by_role("button", name="선생님에게 보내기").click()
    expect(page.locator(".feedback--kept")).to_contain_text("연결이 다시 되면 선생님께 보냅니다")
    assert not WritingSubmission.objects.exists()

    context.set_offline(False)
    status = page.locator("[data-offline-status]")
    expect(status).to_have_attribute("data-waiting", "0", timeout=30_000)
    kept = WritingSubmission.objects.get(learner=user)
    assert kept.text == EMAIL
    context.close()

"""A learner's day on a 360 px phone with a Korean browser, as issue 17 is done when:
join with a classroom's code, open the course map from the header, study a lesson step
by step (words, each exercise, a wrong answer asked again at the end), see the summary,
review every due card to the end of the session, and find the home page's count
agreeing with the session; every page and every answer swapped in reads in Korean
(tests/support/korean_check.py). Then the same day with the network cut once in the
lesson and once in the review: every answer is recorded exactly once, and the cards
are where the same ratings given online would have put them."""

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from content.loader import Loader, LoadReport
from courses import classrooms
from progress import memory
from progress.models import ExerciseAttempt, ReviewCard, ReviewLog
from progress.scheduler import Review
from tests.factories.courses import CoursePageFactory, tutor
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.support.korean_check import english_leaks
from tests.test_korean_browser import sign_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
USERNAME = "spring-sparrow"  # the name tests.test_korean_browser.sign_up joins with
WORDS = {"pharmacy": ("약국", "약방"), "bread": ("빵", "빵")}
BODY = [
    {"type": "vocabulary", "id": "words-1", "value": None},
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
NEXT_BODY = [
    {
        "type": "multiple_choice",
        "id": "mc-2",
        "value": {
            "prompt": "Where do you buy bread?",
            "prompt_ko": "빵은 어디에서 삽니까?",
            "choices": [
                {"text": "at a bakery", "correct": True},
                {"text": "at a bank", "correct": False},
            ],
        },
    },
]
# The rating given the first time each card is shown, in the order the session shows
# them; a card shown again (Again and Good keep a new card learning) is rated Easy.
FIRST_RATINGS = [1, 3, 4, 4]
EASY = 4


@pytest.fixture
def studies():
    """A classroom to join and a course map with one course of two lessons."""
    index = Loader(LoadReport()).course_index()
    course = CoursePageFactory(parent=index, title="First Steps", title_ko="첫걸음")
    words = [
        VocabularyItemFactory(headword=word, gloss_nk=north, gloss_sk=south)
        for word, (north, south) in WORDS.items()
    ]
    lesson = LessonPageFactory(
        parent=course, title="At the pharmacy", title_ko="약국에서", body=BODY, words=words
    )
    LessonPageFactory(parent=course, title="At the bakery", title_ko="빵집에서", body=NEXT_BODY)
    classroom = classrooms.create_classroom(tutor=tutor(), name="Evening class")
    return {"join_code": classroom.join_code, "lesson": lesson}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="ko-KR",
        viewport=PHONE,
        base_url=live_server.url,
        extra_http_headers={"Accept-Language": "ko-KR,ko;q=0.9"},
    )
    yield context, context.new_page()
    context.close()


class Day:
    """The learner's page, what they have done on it, and every English text seen."""

    def __init__(self, context, page):
        self.context, self.page = context, page
        self.leaks: list[str] = []
        self.exercise_answers = 0
        self.ratings: list[tuple[str, int]] = []  # (card id, rating), in order

    def look(self, where: str) -> None:
        """Korean everywhere on the page as it is now."""
        expect(self.page.locator("html")).to_have_attribute("lang", "ko")
        leaks = english_leaks(self.page)
        self.leaks += [f"{where}: {leak.text!r} in {leak.where}" for leak in leaks]

    def offline(self, cut: bool) -> None:
        self.context.set_offline(cut)

    def attempts(self) -> int:
        return ExerciseAttempt.objects.filter(learner__username=USERNAME).count()

    def logs(self) -> int:
        return ReviewLog.objects.filter(learner__username=USERNAME).count()


def join_and_open_the_lesson(day: Day, join_code: str) -> None:
    page = day.page
    sign_up(page, join_code)
    day.look("recovery codes")
    page.get_by_role("link", name="다 적었습니다").click()
    expect(page.get_by_role("heading", name="안녕하십니까, 제비")).to_be_visible()
    day.look("home")

    page.locator(".site-header").get_by_role("link", name="과정", exact=True).click()
    expect(page.locator("h1")).to_be_visible()
    day.look("course map")
    page.get_by_role("link", name="First Steps").click()
    expect(page.locator("#course-lessons")).to_contain_text("At the pharmacy")
    day.look("course")
    page.locator("#course-lessons").get_by_role("link", name="At the pharmacy").click()

    expect(page.get_by_role("heading", name="At the pharmacy")).to_be_visible()
    expect(page.locator(".word-card")).to_have_count(len(WORDS))  # the words come first
    day.look("lesson: words")


def pick(label: str):
    return lambda exercise: exercise.get_by_label(label).check()


def answer(day: Day, prompt: str, fill) -> None:
    exercise = day.page.locator("section.exercise", has_text=prompt)
    fill(exercise)
    exercise.get_by_role("button", name="확인").click()
    day.exercise_answers += 1


def answer_offline(day: Day, prompt: str, fill, *, verdict: str) -> None:
    """Answer with the network cut: the answer is checked on the phone at once and kept,
    the status line says so in Korean; once the network is back it is recorded once."""
    page, before = day.page, day.attempts()
    page.evaluate("window.SaebomOffline.ready")  # the lesson is kept on the phone
    day.offline(True)
    answer(day, prompt, fill)
    exercise = page.locator("section.exercise", has_text=prompt)
    expect(exercise.locator(f".feedback--{verdict}")).to_be_visible()
    status = page.locator("[data-offline-status]")
    expect(status).to_contain_text("보낼 답: 1개")
    day.look(f"{page.url} offline")
    assert day.attempts() == before
    day.offline(False)
    expect(status).not_to_contain_text("보낼 답")
    assert day.attempts() == before + 1


def study_the_lesson(day: Day, *, cut: bool) -> None:
    """Words, exercise 1 wrong, exercise 2 right, exercise 1 again and right, the summary.
    With `cut`, exercise 2 and the wrong answer asked again go while offline."""
    page = day.page
    page.get_by_role("link", name="연습 2개 시작하기").click()

    expect(page.locator("#step-label")).to_have_text("연습 1 / 2")
    day.look("exercise 1")
    choose = "Where do you buy medicine?"
    answer(day, choose, pick("at a bank"))
    expect(page.locator(".feedback--wrong")).to_contain_text("약은 약국에서 삽니다.")
    day.look("exercise 1 answered wrong")
    page.get_by_role("link", name="다음").click()

    expect(page.locator("#step-label")).to_have_text("연습 2 / 2")
    day.look("exercise 2")
    gap = "Fill in the blank."

    def fill_bread(exercise):
        exercise.get_by_label("빈칸 1").fill("bread")

    if cut:
        answer_offline(day, gap, fill_bread, verdict="right")
    else:
        answer(day, gap, fill_bread)
    expect(page.locator(".feedback--right")).to_be_visible()
    day.look("exercise 2 answered")
    page.get_by_role("link", name="다음").click()

    expect(page.locator("#step-label")).to_have_text("한번 더: 연습 1")  # the wrong one again
    day.look("exercise 1 again")
    if cut:  # wrong once more, offline; the key the outbox's answer brings makes the next new
        answer_offline(day, choose, pick("at a bank"), verdict="wrong")
    answer(day, choose, pick("at a pharmacy"))
    expect(page.locator(".feedback--right")).to_be_visible()
    day.look("exercise 1 answered right")
    page.get_by_role("link", name="다음").click()

    expect(page.get_by_role("heading", name="과를 마치며")).to_be_visible()
    expect(page.locator(".lesson-summary__score")).to_have_text("점수: 100%")
    expect(page.locator("#summary-words li")).to_have_text(list(WORDS))
    expect(page.locator("#next-lesson")).to_contain_text("At the bakery")
    day.look("lesson summary")


def review_to_the_end(day: Day, *, cut: bool) -> dict:
    """Rate every card the session shows until its summary; with `cut`, the second card's
    rating goes while offline. Returns the numbers the pages showed."""
    page = day.page
    card = page.locator("#review-card")
    summary, article = card.locator("#review-summary"), card.locator("article.review-card")
    first_seen: list[str] = []
    lefts: list[int] = []
    for _shown in range(3 * len(FIRST_RATINGS)):
        expect(summary.or_(article)).to_be_visible()
        if summary.is_visible():
            break
        card_id = article.get_attribute("data-card")
        lefts.append(int(card.locator(".review-progress__left").get_attribute("data-left")))
        if article.get_attribute("data-direction") == ReviewCard.Direction.PRODUCTION:
            north = article.locator(".gloss--north dd").inner_text()
            word = next(word for word, (gloss, _south) in WORDS.items() if gloss == north)
            article.locator('input[name="typed"]').fill(word)
            article.get_by_role("button", name="확인").click()
        else:
            article.locator("[data-reveal]").click()
        expect(card.locator(".rating")).to_have_count(4)
        day.look(f"review card {card_id}")
        if card_id in first_seen:
            rating = EASY
        else:
            first_seen.append(card_id)
            rating = FIRST_RATINGS[len(first_seen) - 1]
        button = card.locator(f'.rating[data-rating="{rating}"]')
        if cut and len(day.ratings) == 1:
            before = day.logs()
            page.evaluate("window.SaebomOffline.ready")
            day.offline(True)
            button.click()
            status = page.locator("[data-offline-status]")
            expect(status).to_contain_text("보낼 답: 1개")
            day.look("review offline")
            assert day.logs() == before
            day.offline(False)
            expect(status).not_to_contain_text("보낼 답")
            expect(card.locator(".offline-review__notice")).to_have_count(0)
            expect(card.locator(f'article.review-card[data-card="{card_id}"]')).to_have_count(0)
            assert day.logs() == before + 1
        else:
            button.click()
        day.ratings.append((card_id, rating))
        expect(card.locator(f'article.review-card[data-card="{card_id}"]')).to_have_count(0)
    expect(summary).to_be_visible()
    day.look("review summary")
    return {
        "lefts": lefts,
        "cards": len(first_seen),
        "reviewed": int(summary.locator('[data-summary="reviewed"]').inner_text()),
    }


def live_a_day(day: Day, join_code: str, *, cut: bool) -> None:
    page = day.page
    join_and_open_the_lesson(day, join_code)
    study_the_lesson(day, cut=cut)

    page.get_by_role("link", name="나의 공부로 돌아가기").click()
    due_at_home = int(page.locator("#reviews-due").inner_text())
    assert due_at_home == 2 * len(WORDS)  # both directions of each word
    day.look("home before review")
    page.get_by_role("link", name="복습 시작하기").click()
    session = review_to_the_end(day, cut=cut)

    assert session["lefts"][0] == due_at_home  # the session starts where the home left off
    assert session["lefts"][-1] == 1  # the last card was the last one left
    assert session["reviewed"] == session["cards"] == due_at_home
    assert len(day.ratings) > session["cards"]  # cards rated Again or Good came back
    page.get_by_role("link", name="나의 공부로 돌아가기").click()
    expect(page.locator("#reviews-due")).to_have_text("0")  # what the session's end said
    expect(page.locator("#finished-lessons")).to_contain_text("At the pharmacy")
    day.look("home after review")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert day.leaks == [], "\n".join(day.leaks)


def assert_recorded_once(day: Day) -> None:
    """Each answer given is one row, each key once, and every card is where replaying
    its ratings from a new card puts it (memory.replay, the scheduler's one replay)."""
    attempts = ExerciseAttempt.objects.filter(learner__username=USERNAME)
    keys = list(attempts.values_list("idempotency_key", flat=True))
    assert len(keys) == day.exercise_answers
    assert None not in keys and len(set(keys)) == len(keys)

    logs = ReviewLog.objects.filter(learner__username=USERNAME).order_by("reviewed_at", "pk")
    assert [(str(log.card_id), log.rating) for log in logs] == day.ratings
    external_ids = [log.external_id for log in logs]
    assert len(set(external_ids)) == len(external_ids)

    user = get_user_model().objects.get(username=USERNAME)
    config = memory.config_for(user.learner_profile)
    cards = ReviewCard.objects.filter(learner=user)
    assert cards.count() == 2 * len(WORDS)
    for card in cards:
        history = [Review(log.rating, log.reviewed_at) for log in logs if log.card_id == card.pk]
        assert memory.memory_of(card) == memory.replay(history, config=config, card_id=card.pk)


def test_a_new_learners_day_is_korean_and_its_counts_agree(phone, studies):
    day = Day(*phone)
    live_a_day(day, studies["join_code"], cut=False)
    assert_recorded_once(day)


def test_a_day_with_the_network_cut_loses_no_answer_and_records_none_twice(phone, studies):
    day = Day(*phone)
    live_a_day(day, studies["join_code"], cut=True)
    assert_recorded_once(day)

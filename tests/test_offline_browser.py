"""Study with no connection, as issue 18 is done when: on a 360 px phone a learner opens
a lesson and the review page, the network is cut, the learner finishes the lesson and
20 reviews offline, reloads the review page offline (the service worker serves it) and
reconnects. Every answer is then recorded exactly once, each card is where the same
answers given online put it, and the home page's counts agree with the database."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from progress import memory, queue, recording
from progress.models import ExerciseAttempt, LessonProgress, ReviewCard, ReviewLog
from progress.scheduler import Review
from tests.factories.accounts import learner
from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.test_review_browser import signed_in_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORDS = [
    ("pharmacy", "약국", "약방"),
    ("bread", "빵", "빵"),
    ("doctor", "의사", "의사"),
    ("ticket", "표", "표"),
    ("bus", "버스", "뻐스"),
    ("water", "물", "물"),
    ("money", "돈", "돈"),
    ("shop", "가게", "상점"),
    ("work", "일", "일"),
    ("house", "집", "집"),
    ("friend", "친구", "동무"),
    ("school", "학교", "학교"),
]
LESSON_BODY = [
    {
        "type": "multiple_choice",
        "id": "mc-1",
        "value": {
            "prompt": "Where do you buy medicine?",
            "choices": [
                {"text": "at a pharmacy", "correct": True},
                {"text": "at a bank", "correct": False},
            ],
        },
    },
    {
        "type": "gap_fill",
        "id": "gap-1",
        "value": {"prompt": "Fill in the blank.", "text": "I need some [[bread]]."},
    },
]
REVIEWS = 20
# Ratings given offline, in turn; a card rated Again is not due again within the test.
RATINGS = [3, 4, 2, 3, 1, 3, 4, 3]


@pytest.fixture
def studier():
    """A learner who started a lesson and has 12 words due for review and 12 new."""
    user = learner(
        user__username="quiet-heron-77",
        user__email="heron@example.org",
        display_name="Hidden Swallow",
        ui_language="ko",
        gloss_preference="both",
        time_zone="Asia/Seoul",
    )
    course = CoursePageFactory(title="First Steps", title_ko="첫걸음")
    lesson = LessonPageFactory(
        parent=course, title="At the pharmacy", title_ko="약국에서", body=LESSON_BODY
    )
    LessonPageFactory(parent=course, title="At the bakery", title_ko="빵집에서")
    LessonProgress.objects.create(
        learner=user, lesson=lesson, started_at=timezone.now(), last_activity_at=timezone.now()
    )
    items = [
        VocabularyItemFactory(headword=word, gloss_nk=north, gloss_sk=south, nk_status="shared")
        for word, north, south in WORDS
    ]
    month_ago = timezone.now() - timedelta(days=30)
    recording.create_review_cards(learner=user, items=items, now=month_ago)
    for card in ReviewCard.objects.filter(learner=user, direction="recognition"):
        recording.record_review(
            card_id=card.pk,
            rating=3,
            reviewed_at=month_ago,
            duration_ms=None,
            source=ReviewLog.Source.WEB,
            external_id=f"setup-{card.pk}",
        )
    return {"user": user, "lesson": lesson}


# Every text the phone keeps: each kept page and sound's body, and every IndexedDB record.
EVERYTHING_STORED = """async () => {
  const texts = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      texts.push(request.url, await (await cache.match(request)).text());
    }
  }
  const db = await SaebomDB.open();
  for (const store of db.objectStoreNames) texts.push(JSON.stringify(await db.getAll(store)));
  return texts.join(" ");
}"""
SAEBOM_STORES = """async () => ({
  caches: (await caches.keys()).filter(name => name.startsWith("saebom")),
  databases: (await indexedDB.databases()).map(db => db.name).filter(n => n === "saebom"),
})"""


def ready(page) -> None:
    """The page's offline work is done: answers sent, pack and files kept, worker in charge."""
    page.evaluate("window.SaebomOffline.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def review_offline(page, count: int, given: list[tuple[int, int]]) -> None:
    box = page.locator("#review-card")
    for _ in range(count):
        article = box.locator("article.review-card")
        expect(article).to_be_visible()
        card_id = int(article.get_attribute("data-card"))
        if article.get_attribute("data-direction") == ReviewCard.Direction.PRODUCTION:
            article.locator('input[name="typed"]').fill("something")
            article.get_by_role("button", name="확인").click()
        else:
            article.locator("[data-reveal]").click()
        expect(box.locator(".rating__interval")).to_have_count(4)
        rating = RATINGS[len(given) % len(RATINGS)]
        box.locator(f'.rating[data-rating="{rating}"]').click()
        given.append((card_id, rating))
        expect(box.locator(f'article.review-card[data-card="{card_id}"]')).to_have_count(0)


def waiting(page) -> int:
    return int(page.locator("[data-offline-status]").get_attribute("data-waiting") or 0)


def test_a_lesson_and_twenty_reviews_offline_are_recorded_once(browser, live_server, studier):
    user, lesson = studier["user"], studier["lesson"]
    context = signed_in_context(browser, live_server, user)
    page = context.new_page()
    page.goto(lesson.url)
    ready(page)
    page.goto("/learn/review/")
    ready(page)
    logs_before = ReviewLog.objects.filter(learner=user).count()

    context.set_offline(True)
    assert page.goto(lesson.step_url(1)).from_service_worker  # kept with the pack
    page.get_by_label("at a pharmacy").check()
    page.get_by_role("button", name="확인").click()
    expect(page.locator(".feedback--right")).to_be_visible()
    page.locator("#next-step").click()
    page.get_by_label("빈칸 1").fill("bred")  # a slip: right, with the spelling shown
    page.get_by_role("button", name="확인").click()
    expect(page.locator(".feedback--right")).to_contain_text("bread")
    assert ExerciseAttempt.objects.filter(learner=user).count() == 0

    home = page.goto("/")  # never kept (it greets the learner by name): the offline page
    assert home.headers["saebom-offline"] == "fallback"
    kept = page.locator("[data-kept-lessons] a")
    expect(kept).to_have_text(["복습하러 가기", "약국에서", "빵집에서"])

    page.goto("/learn/review/")
    given: list[tuple[int, int]] = []
    review_offline(page, 12, given)
    assert page.reload().from_service_worker  # the session goes on from the pack
    expect(page.locator(".offline-review__notice")).to_be_visible()
    review_offline(page, REVIEWS - 12, given)
    assert waiting(page) == 2 + REVIEWS
    assert ReviewLog.objects.filter(learner=user).count() == logs_before

    script = "SaebomDB.pack().then(pack => pack.cards.map(card => [card.id, card.state]))"
    phone_states = dict(page.evaluate(script))
    sent = page.evaluate("SaebomDB.pending()")
    stored = page.evaluate(EVERYTHING_STORED)
    assert "/courses/" in stored and '"cards"' in stored  # the dump holds pages and the pack
    for secret in (user.username, user.email, "Hidden Swallow"):
        assert secret not in stored
    context.set_offline(False)
    status = page.locator("[data-offline-status]")
    expect(status).to_have_attribute("data-waiting", "0", timeout=30_000)  # a retry included
    assert_recorded_once(user, lesson, given, logs_before)
    assert_same_states(user, {card_id: phone_states[card_id] for card_id, _ in given})

    # The same answers sent again (a sync retried): nothing new is recorded.
    counts = (ExerciseAttempt.objects.count(), ReviewLog.objects.count())
    page.evaluate("items => Promise.all(items.map(item => SaebomDB.enqueue(item)))", sent)
    assert page.evaluate("SaebomDB.sync()") == len(sent)
    assert (ExerciseAttempt.objects.count(), ReviewLog.objects.count()) == counts

    page.goto("/")  # the home's counts: what the server now holds
    expect(page.locator("#reviews-due")).to_have_text(
        str(queue.due_count(user, now=timezone.now()))
    )
    expect(page.locator("#finished-lessons")).to_contain_text("At the pharmacy")
    page.goto(reverse("progress:progress_page"))
    expect(page.locator("#daily-goal")).to_contain_text(f"{REVIEWS}")

    page.locator(".site-header").get_by_role("button", name="나가기").click()
    expect(page.get_by_role("link", name="들어가기").first).to_be_visible()
    assert page.evaluate(SAEBOM_STORES) == {"caches": [], "databases": []}
    context.close()


def assert_recorded_once(user, lesson, given, logs_before) -> None:
    attempts = ExerciseAttempt.objects.filter(learner=user)
    assert sorted((a.block_id, a.correct) for a in attempts) == [("gap-1", True), ("mc-1", True)]
    assert LessonProgress.objects.get(learner=user, lesson=lesson).completed_at is not None

    logs = ReviewLog.objects.filter(learner=user).order_by("reviewed_at", "pk")
    answered = [(log.card_id, log.rating) for log in logs if log.external_id.startswith("web-")]
    assert answered == given
    assert logs.count() == logs_before + REVIEWS

    # An answer given online is recorded by record_review as it comes, which leaves the
    # card where the scheduler's one replay of its answers in time order puts it.
    config = memory.config_for(user.learner_profile)
    histories: dict[int, list[Review]] = {}
    for log in logs:
        histories.setdefault(log.card_id, []).append(Review(log.rating, log.reviewed_at))
    for card in ReviewCard.objects.filter(pk__in=histories):
        replayed = memory.replay(histories[card.pk], config=config, card_id=card.pk)
        assert memory.memory_of(card) == replayed


def assert_same_states(user, phone_states: dict[int, dict]) -> None:
    """The states the phone moved each answered card to (FSRS in the browser) are the
    server's after the same answers."""
    for card in ReviewCard.objects.filter(pk__in=phone_states):
        server = memory.memory_of(card).state.to_dict()
        phone = phone_states[card.pk]
        for name in ("state", "step", "reps"):
            assert phone[name] == server[name], (card.pk, name)
        for name in ("due", "last_review"):
            assert phone[name][:23] == server[name][:23], (card.pk, name)  # to the ms
        for name in ("stability", "difficulty"):
            assert phone[name] == pytest.approx(server[name], rel=1e-6), (card.pk, name)

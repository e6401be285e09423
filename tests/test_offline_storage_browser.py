"""What a phone keeps for study offline, as the learner sees and controls it: the
settings section says what is kept and clears it (answers waiting to be sent stay),
a phone told not to keep anything fetches nothing, and what is kept stays within
its budget with the oldest files going first."""

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from progress.models import LessonProgress, ReviewLog
from tests.factories.accounts import learner
from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import ReviewCardFactory
from tests.test_offline_browser import LESSON_BODY, ready
from tests.test_review_browser import signed_in_context

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = "caches.has('saebom-pages')"
PACK = "SaebomDB.pack().then(pack => pack ? [pack.lessons.length, pack.cards.length] : null)"


@pytest.fixture
def phone(browser, live_server):
    user = learner(ui_language="ko", time_zone="Asia/Seoul")
    course = CoursePageFactory(title="First Steps")
    lesson = LessonPageFactory(parent=course, title="At the pharmacy", body=LESSON_BODY)
    LessonPageFactory(parent=course, title="At the bakery")
    now = timezone.now()
    LessonProgress.objects.create(learner=user, lesson=lesson, started_at=now, last_activity_at=now)
    for word in ("bread", "water", "money"):
        ReviewCardFactory(learner=user, item=VocabularyItemFactory(headword=word))
    context = signed_in_context(browser, live_server, user)
    yield context.new_page()
    context.close()


def test_settings_say_what_is_kept_and_clear_it_but_not_the_answers_waiting(phone):
    page = phone
    page.goto("/learn/review/")
    ready(page)
    assert page.evaluate(PACK) == [2, 3]  # the lesson started and the next one; 3 cards

    page.goto("/learn/settings/")
    section = page.locator("[data-offline-storage]")
    expect(section).to_contain_text("저장된 과: 2개 · 복습할 단어: 3개")
    expect(section).to_contain_text("보낼 답: 0개")
    expect(section.get_by_role("checkbox")).to_be_checked()
    page.context.set_offline(True)  # an answer given offline waits to be sent
    page.evaluate("SaebomDB.enqueue({kind: 'review', key: 'k-1', card_id: 1, rating: 3})")
    section.get_by_role("button", name="저장된 것 지우기").click()
    expect(section.locator("[data-cleared]")).to_be_visible()
    expect(section).to_contain_text("저장된 과: 0개 · 복습할 단어: 0개")
    expect(section).to_contain_text("보낼 답: 1개")  # still waiting to be sent
    expect(section.get_by_role("checkbox")).not_to_be_checked()
    assert page.evaluate(PACK) is None and page.evaluate(PAGES) is False
    assert len(page.evaluate("SaebomDB.pending()")) == 1
    page.context.set_offline(False)

    page.goto("/learn/review/")  # a phone told to keep nothing fetches nothing
    page.evaluate("window.SaebomOffline.ready")
    assert page.evaluate(PACK) is None and page.evaluate(PAGES) is False

    page.goto("/learn/settings/")
    section.get_by_role("checkbox").check()
    expect(section).to_contain_text("저장된 과: 2개 · 복습할 단어: 3개")
    assert page.evaluate(PAGES) is True


KEEP = """async ([stamps, bytes]) => {
  const cache = await caches.open("saebom-audio");
  for (const stamp of stamps) {
    const url = `/media/audio/test-${stamp}.mp3`;
    await cache.put(url, new Response("x".repeat(bytes)));
    await SaebomDB.keepFile({url, cache: "saebom-audio", bytes, stored_at: stamp, lesson_id: null});
  }
}"""
KEPT = """async () => (await SaebomDB.files())
  .filter(f => f.url.includes('/test-')).map(f => f.stored_at).sort((a, b) => a - b)"""
CACHED = """async () => (await (await caches.open("saebom-audio")).keys())
  .map(r => r.url).filter(u => u.includes('/test-')).length"""


def test_what_is_kept_stays_within_the_budget_the_oldest_going_first(phone):
    page = phone
    page.goto("/learn/review/")
    ready(page)
    page.evaluate(KEEP, [[3, 1, 4, 2], 10_000])
    used = page.evaluate(
        "Promise.all([SaebomDB.files(), SaebomDB.pack()]).then(([files, pack]) =>"
        " files.reduce((sum, f) => sum + f.bytes, JSON.stringify(pack).length))"
    )
    gone = page.evaluate("budget => SaebomDB.keepWithin(budget)", used - 15_000)
    assert [url.rsplit("/", 1)[1] for url in gone] == ["test-1.mp3", "test-2.mp3"]
    assert page.evaluate(KEPT) == [3, 4]
    assert page.evaluate(CACHED) == 2
    assert page.evaluate("budget => SaebomDB.keepWithin(budget)", used) == []  # within: none go


def test_the_service_worker_sends_what_waits_when_no_page_is_open(phone):
    """Background Sync: the answer waits, the page goes, the connection returns; the
    worker sends it (offline_db.js inside the worker) and the server records it once."""
    page = phone
    page.goto("/learn/review/")
    ready(page)
    card_id = int(page.locator("article.review-card").get_attribute("data-card"))
    page.context.set_offline(True)
    page.evaluate(
        "card => SaebomOffline.enqueue({kind: 'review', key: crypto.randomUUID(), card_id: card,"
        " rating: 3, reviewed_at: Date.now(), duration_ms: 1500})",
        card_id,
    )
    page.goto("about:blank")  # no Saebom page is open to send it
    page.context.set_offline(False)
    logs = ReviewLog.objects.filter(card_id=card_id)
    for _ in range(100):
        if logs.exists():
            break
        page.wait_for_timeout(100)
    assert [(log.rating, log.external_id[:4]) for log in logs] == [(3, "web-")]

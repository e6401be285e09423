"""A learner on a 360 px phone reviews a recognition card (reveal, key 3) and
a production card (type the English with a typo, see Hard suggested, choose Again with key 1);
on a touch phone, answers a card with the network cut and sees it sent once when it returns."""

import re

from django.conf import settings
from django.test import Client

import pytest
from playwright.sync_api import expect

from progress.models import ReviewCard, ReviewLog
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory
from tests.factories.progress import ReviewCardFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def reviewer():
    user = learner(ui_language="ko", gloss_preference="both", time_zone="Asia/Seoul")
    pharmacy = VocabularyItemFactory(headword="pharmacy", gloss_nk="약국", gloss_sk="약방")
    bread = VocabularyItemFactory(headword="bread", gloss_nk="빵", gloss_sk="빵")
    ReviewCardFactory(learner=user, item=pharmacy)
    ReviewCardFactory(learner=user, item=bread, direction=ReviewCard.Direction.PRODUCTION)
    return user


def signed_in_context(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="ko-KR", viewport=PHONE, base_url=live_server.url,
                                  **options)  # fmt: skip
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie,
                          "url": live_server.url}])  # fmt: skip
    return context


@pytest.fixture
def phone(browser, live_server, reviewer):
    context = signed_in_context(browser, live_server, reviewer)
    yield context.new_page()
    context.close()


@pytest.fixture
def touch_phone(browser, live_server):
    user = learner(ui_language="ko", gloss_preference="both", time_zone="Asia/Seoul")
    for headword, north, south in [("pharmacy", "약국", "약방"), ("bread", "빵", "빵")]:
        item = VocabularyItemFactory(headword=headword, gloss_nk=north, gloss_sk=south,
                                     ipa="/ˈfɑrməsi/")  # fmt: skip
        ReviewCardFactory(learner=user, item=item)
    context = signed_in_context(browser, live_server, user, has_touch=True, is_mobile=True)
    yield context, context.new_page(), user
    context.close()


def test_a_learner_reviews_both_directions_with_the_keyboard(phone, reviewer, artifacts_dir):
    page = phone
    page.goto("/")
    page.get_by_role("link", name="복습 시작하기").click()
    card = page.locator("#review-card")
    expect(card.locator(".review-card__prompt")).to_have_text("pharmacy")
    expect(card.locator(".review-progress__left")).to_have_text("남은 단어 2")
    page.screenshot(path=artifacts_dir / "review-1-recognition.png", full_page=True)

    card.locator("[data-reveal]").click()
    expect(card.locator(".review-card__gloss .gloss--north")).to_have_text("북쪽에서: 약국")
    expect(card.locator(".review-card__gloss .gloss--south")).to_have_text("남쪽에서: 약방")
    labels = card.locator(".rating__label")
    expect(labels).to_have_text(["다시", "어려움", "알맞음", "쉬움"])
    expect(card.locator(".rating__interval")).to_have_text(
        ["1분", "6분", "10분", re.compile(r"\d+일")]
    )
    expect(page.locator(".review-keys")).to_be_visible()  # a mouse and keyboard: keys help
    page.screenshot(path=artifacts_dir / "review-2-revealed.png", full_page=True)
    page.keyboard.press("3")

    expect(card.locator(".review-card__prompt .gloss--north dd")).to_have_text("빵")
    card.locator('input[name="typed"]').fill("bred")
    card.locator('input[name="typed"]').press("Enter")
    expect(card.locator(".verdict")).to_have_text("거의 맞았습니다. 철자를 확인하십시오.")
    expect(card.locator(".rating--suggested")).to_have_attribute("data-rating", "2")
    page.screenshot(path=artifacts_dir / "review-3-production.png", full_page=True)
    page.keyboard.press("1")  # the learner judges the typo more harshly

    # Nothing else is due: the first card's learning step (10 minutes) is shown
    # ahead of time, as Anki does, and never the word just answered.
    expect(card.locator("[data-direction=recognition] .review-card__prompt")).to_have_text(
        "pharmacy"
    )
    page.screenshot(path=artifacts_dir / "review-4-learn-ahead.png", full_page=True)
    ratings = ReviewLog.objects.filter(learner=reviewer).order_by("reviewed_at")
    assert [(log.card.direction, log.rating) for log in ratings] == [
        ("recognition", 3), ("production", 1),
    ]  # fmt: skip


def test_an_answer_made_offline_is_sent_once_when_the_network_returns(touch_phone, artifacts_dir):
    context, page, user = touch_phone
    page.goto("/learn/review/")
    card = page.locator("#review-card")
    assert page.evaluate("matchMedia('(hover: none), (pointer: coarse)').matches")
    expect(page.locator(".review-keys")).to_be_hidden()  # no keys on a touch screen
    card.locator("[data-reveal]").tap()
    expect(card.locator(".review-card__ipa")).to_have_text("/ˈfɑrməsi/")
    expect(card.locator(".rating__key").first).to_be_hidden()
    buttons = card.locator(".rating")
    colours = {b.evaluate("e => getComputedStyle(e).backgroundColor") for b in buttons.all()}
    assert len(colours) == 4
    assert all(box["height"] >= 44 for box in (b.bounding_box() for b in buttons.all()))

    page.evaluate("window.SaebomOffline.ready")  # the words are kept on the phone
    context.set_offline(True)
    card.locator('[data-rating="4"]').tap()  # Easy: the word leaves today's session
    status = page.locator("[data-offline-status]")
    expect(status).to_contain_text("보낼 답: 1개")
    expect(card.locator(".offline-review__notice")).to_be_visible()
    expect(card.locator(".review-card__prompt")).to_have_text("bread")  # from the phone
    page.screenshot(path=artifacts_dir / "review-5-offline.png", full_page=True)
    assert not ReviewLog.objects.filter(learner=user).exists()

    context.set_offline(False)
    expect(status).not_to_contain_text("보낼 답")
    expect(card.locator(".offline-review__notice")).to_have_count(0)  # the server's session again
    assert ReviewLog.objects.filter(learner=user).count() == 1
    expect(card.locator(".review-card__prompt")).to_have_text("bread")
    card.locator("[data-reveal]").tap()
    card.locator('[data-rating="4"]').tap()
    expect(card.locator("#review-summary")).to_be_visible()
    page.screenshot(path=artifacts_dir / "review-6-summary.png", full_page=True)
    expect(card.locator('[data-summary="reviewed"]')).to_have_text("2")
    logs = ReviewLog.objects.filter(learner=user)
    assert sorted(log.card.item.headword for log in logs) == ["bread", "pharmacy"]


def test_an_answer_whose_request_failed_is_kept_and_sent_once(touch_phone):
    """The answer's request fails (the server cannot be reached, the phone is online):
    the answer is kept with its key, the session goes on from the phone, and the kept
    answer is sent once, by the service worker's Background Sync at once or by the
    page's retry; a reload sends nothing twice and the session goes on."""
    context, page, user = touch_phone
    page.goto("/learn/review/")
    card = page.locator("#review-card")
    page.evaluate("window.SaebomOffline.ready")
    page.route("**/answer/", lambda route: route.abort())
    card.locator("[data-reveal]").tap()
    card.locator('[data-rating="4"]').tap()
    expect(card.locator(".review-card__prompt")).to_have_text("bread")  # from the phone
    logs = ReviewLog.objects.filter(learner=user)
    for _ in range(200):  # the page retries every 10 s; the worker may send at once
        if logs.exists():
            break
        page.wait_for_timeout(100)

    page.unroute("**/answer/")
    page.reload()
    expect(card.locator(".review-card__prompt")).to_have_text("bread")
    expect(page.locator("[data-offline-status]")).not_to_contain_text("보낼 답")
    assert ReviewLog.objects.filter(learner=user).count() == 1

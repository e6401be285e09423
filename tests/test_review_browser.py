"""A learner on a 360 px phone reviews a recognition card (reveal, key 3) and
a production card (type the English with a typo, see Hard suggested, choose Again with key 1)."""

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


@pytest.fixture
def phone(browser, live_server, reviewer):
    client = Client()
    client.force_login(reviewer)
    context = browser.new_context(locale="ko-KR", viewport=PHONE, base_url=live_server.url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie,
                          "url": live_server.url}])  # fmt: skip
    yield context.new_page()
    context.close()


def test_a_learner_reviews_both_directions_with_the_keyboard(phone, reviewer, artifacts_dir):
    page = phone
    page.goto("/")
    page.get_by_role("link", name="복습 시작하기").click()
    card = page.locator("#review-card")
    expect(card.locator(".review-card__prompt")).to_have_text("pharmacy")
    page.screenshot(path=artifacts_dir / "review-1-recognition.png", full_page=True)

    card.locator("[data-reveal]").click()
    expect(card.locator(".review-card__gloss")).to_have_text("약국 / 약방")
    expect(card.locator('[data-rating="1"]')).to_contain_text("다시")
    expect(card.locator('[data-rating="1"] .rating__interval')).to_have_text("1m")
    page.screenshot(path=artifacts_dir / "review-2-revealed.png", full_page=True)
    page.keyboard.press("3")

    expect(card.locator(".review-card__prompt")).to_have_text("빵")
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

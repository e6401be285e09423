"""A learner on a 360 px phone, in the Korean UI, opens the progress page from
the home page: the charts fit the screen, their labels stay readable, and the
numbers behind each chart open as a table."""

from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from progress.recording import record_review
from tests.factories.accounts import learner
from tests.factories.progress import ReviewCardFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
# The rendered size of each chart and of its smallest label, in CSS pixels.
MEASURE = """() => [...document.querySelectorAll('svg.chart__svg')].map(svg => ({
  width: svg.getBoundingClientRect().width,
  smallest: Math.min(...[...svg.querySelectorAll('text')]
    .map(text => text.getBoundingClientRect().height)),
}))"""


@pytest.fixture
def studied():
    user = learner(ui_language="ko", time_zone="Asia/Seoul", daily_review_goal=10)
    now = timezone.now()
    for n in range(6):
        card = ReviewCardFactory(learner=user, due=now - timedelta(days=20))
        for days_ago in (12 - n, 5, 1):
            record_review(card_id=card.pk, rating=3, reviewed_at=now - timedelta(days=days_ago),
                          duration_ms=1, source="web", external_id=f"{n}-{days_ago}")  # fmt: skip
    return user


@pytest.fixture
def phone(browser, live_server, studied):
    client = Client()
    client.force_login(studied)
    context = browser.new_context(locale="ko-KR", viewport=PHONE, base_url=live_server.url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie,
                          "url": live_server.url}])  # fmt: skip
    yield context.new_page()
    context.close()


def test_the_charts_fit_a_phone_and_open_their_numbers(phone, artifacts_dir):
    page = phone
    page.goto("/")
    page.get_by_role("link", name="오늘의 목표, 연속 학습, 도표 보기").click()
    page.wait_for_load_state("load")  # its stylesheet too, before anything is measured
    expect(page.get_by_role("heading", name="오늘의 목표")).to_be_visible()
    expect(page.locator("#streak")).to_contain_text("1일 연속")
    charts = page.get_by_role("img")
    expect(charts).to_have_count(3)
    for size in page.evaluate(MEASURE):
        assert 300 <= size["width"] <= 360
        assert size["smallest"] >= 11
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / "progress-360.png"), full_page=True)

    first = page.locator(".chart__numbers").first
    first.get_by_text("숫자로 보기").click()
    expect(first.get_by_role("table")).to_be_visible()
    expect(first.get_by_role("row")).to_have_count(31)

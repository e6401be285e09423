"""A learner proposes an organisation, an editor verifies and publishes it in the
Wagtail admin, and another learner finds it in the directory by its region."""

import re

from django.conf import settings
from django.test import Client
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from hub.models import ResourcePage
from tests.factories.accounts import UserFactory
from tests.factories.hub import ResourcePageFactory, directory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, base: str, user):
    """Share a server-side session with the browser; signing in has its own tests."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def propose(page, base: str):
    page.goto(base + directory().url)
    page.get_by_role("link", name="Suggest an organisation").click()
    page.fill("#id_name", "Cascade Newcomers Center")
    page.select_option("#id_kind", "community")
    page.select_option("#id_regions", ["US-WA", "online"])
    page.check("#id_languages_0")  # Korean
    page.fill("#id_website", "https://cascade.example.org/")
    page.fill("#id_description_ko", "새로 온 사람들을 위한 모임.")
    page.get_by_role("button", name="Send for checking").click()
    expect(page.locator(".messages")).to_contain_text("Editors will check it")


def verify_and_publish(page, base: str, page_id: int):
    page.goto(f"{base}/admin/pages/{page_id}/edit/")
    page.fill("#id_last_verified", timezone.localdate().isoformat())
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(rf".*/admin/pages/{page_id}/edit/$"))
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    page.wait_for_load_state()


def test_a_proposal_is_published_by_an_editor_and_found_by_region(page, live_server, artifacts_dir):
    base = live_server.url
    ResourcePageFactory(title="Seoul Legal Help", regions=["KR-11"])
    proposer, finder = UserFactory(), UserFactory()
    editor = UserFactory(groups=["Editors", "Moderators"])
    try:
        sign_in(page, base, proposer)
        propose(page, base)
        proposal = ResourcePage.objects.get(title="Cascade Newcomers Center")
        assert not proposal.live

        sign_in(page, base, finder)
        page.goto(base + directory().url)
        expect(page.get_by_text("Cascade Newcomers Center")).to_have_count(0)

        sign_in(page, base, editor)
        verify_and_publish(page, base, proposal.pk)
        proposal.refresh_from_db()
        assert proposal.live and proposal.last_verified == timezone.localdate()

        sign_in(page, base, finder)
        page.goto(base + directory().url)
        page.select_option("#id_region", "US-WA")
        page.get_by_role("button", name="Show").click()
        listing = page.locator(".resource-directory")
        expect(listing.get_by_role("link", name="Cascade Newcomers Center")).to_be_visible()
        expect(listing.get_by_text("Seoul Legal Help")).to_have_count(0)
        website = page.locator("a[href='https://cascade.example.org/']")
        listing.get_by_role("link", name="Cascade Newcomers Center").click()
        expect(website).to_have_attribute("rel", "noopener noreferrer")
        expect(website).to_have_attribute("target", "_blank")
    except Exception:
        page.screenshot(path=str(artifacts_dir / "hub-proposal.png"), full_page=True)
        raise

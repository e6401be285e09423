"""Response headers: a Content-Security-Policy with no inline script (the admin
excepted, which needs its own), a Permissions-Policy that turns the camera off
and keeps the microphone to our own pages (for "Record yourself"), and no-store
on every page a signed-in person sees (a shared phone's browser must keep none
of it)."""

from django.conf import settings
from django.test import Client

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from tests.factories.accounts import learner
from tests.factories.courses import ClassroomFactory, tutor
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    parts = (part.split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.fixture
def signed_in(client):
    person = learner()
    client.force_login(person)
    return person


@pytest.fixture
def lesson_url(lesson):
    return lesson.url


@pytest.mark.parametrize("path", ["/", "lesson", "/learn/review/", "/accounts/login/"])
def test_pages_carry_a_csp_their_scripts_keep(client, signed_in, lesson, words, path):
    ReviewCardFactory(learner=signed_in, item=words[0])
    if path == "/accounts/login/":
        client.logout()  # a signed-in person is sent on from the sign-in page
    response = client.get(lesson.url if path == "lesson" else path)
    assert response.status_code == 200, path
    policy = directives(response)
    assert policy["script-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy.get("style-src", [])
    assert policy["frame-ancestors"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert all(script.get("src") for script in soup.find_all("script"))
    handlers = [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")]
    assert handlers == []


def test_the_wagtail_admin_is_left_to_its_own_scripts(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response.headers


def test_every_page_turns_the_camera_off_and_keeps_the_microphone_to_itself(client):
    policy = client.get("/accounts/login/").headers["Permissions-Policy"]
    assert "microphone=(self)" in policy
    assert "camera=()" in policy and "geolocation=()" in policy


PRIVATE_PAGES = [
    "/learn/review/",
    "/learn/settings/",
    "/learn/privacy/",
    "/learn/privacy/my-data.json",
    "/learn/anki/import/",
    "/hub/stories/",
    "/hub/stories/new/",
    "/classes/",
    "lesson",
    "/",
]


@pytest.mark.parametrize("path", PRIVATE_PAGES)
def test_a_signed_in_learners_pages_are_never_stored(client, signed_in, lesson_url, path):
    response = client.get(lesson_url if path == "lesson" else path)
    assert response.status_code == 200, path
    cache_control = response.headers.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, path


@pytest.mark.parametrize("which", ["home", "classroom"])
def test_a_tutors_pages_are_never_stored(client, which):
    classroom = ClassroomFactory(tutor=tutor())
    client.force_login(classroom.tutor)
    path = "/tutor/" if which == "home" else f"/tutor/classrooms/{classroom.pk}/"
    response = client.get(path)
    assert response.status_code == 200, path
    cache_control = response.headers.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, path


def test_a_public_page_for_a_visitor_may_be_stored(client, lesson_url):
    response = client.get(lesson_url)
    assert "no-store" not in response.headers.get("Cache-Control", "")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_review_in_chromium_breaks_no_csp_rule(browser, live_server, words):
    person = learner()
    ReviewCardFactory(learner=person, item=words[0])
    client = Client()
    client.force_login(person)
    context = browser.new_context(base_url=live_server.url)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto("/learn/review/")
    page.locator("#review-card [data-reveal]").click()
    expect(page.locator("#review-card .review-card__gloss")).to_be_visible()
    context.close()
    assert [text for text in refused if "Content Security Policy" in text] == []

"""Index pages and the home page read in the reader's language: the Korean twin of
a title or intro (title_ko, intro_ko) on the Korean site, the English one else."""

from types import SimpleNamespace

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from accounts.templatetags.ui_language import localized
from content.loader import Loader, LoadReport
from hub.seeding import seed_hub_examples

pytestmark = pytest.mark.django_db


def heading(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    translation.activate("en")
    return page.find("main").h1.get_text(strip=True), page


def test_the_home_page_greets_a_korean_browser_in_korean(client):
    title, page = heading(client, "/", "ko-KR,ko;q=0.9")
    assert title == "새봄 영어"
    assert "지켜보는 선생님" in page.find("main").get_text()
    assert page.title.get_text().startswith("새봄 영어 · ")
    title, page = heading(client, "/", "en")
    assert title == "Saebom English"
    assert "a tutor who sees how you are doing" in page.find("main").get_text()


def test_the_help_and_story_pages_have_korean_titles(client):
    seed_hub_examples()
    assert heading(client, "/help/", "ko")[0] == "도움받을 곳"
    assert heading(client, "/stories/", "ko")[0] == "이야기"
    assert heading(client, "/help/", "en")[0] == "Help and resources"
    assert heading(client, "/stories/", "en")[0] == "Stories"


def test_the_course_index_made_by_the_loader_has_a_korean_title(client):
    index = Loader(LoadReport()).course_index()
    assert index.title_ko == "과정"
    assert heading(client, index.url, "ko")[0] == "과정"
    assert heading(client, index.url, "en")[0] == "Courses"


def test_a_page_without_a_korean_twin_keeps_its_title():
    page = SimpleNamespace(title="Courses", title_ko="")
    with translation.override("ko"):
        assert localized(page, "title") == "Courses"
        assert localized(SimpleNamespace(title="Stories"), "title") == "Stories"
        assert localized(SimpleNamespace(title="Stories", title_ko="이야기"), "title") == "이야기"
    with translation.override("en"):
        assert localized(SimpleNamespace(title="Stories", title_ko="이야기"), "title") == "Stories"

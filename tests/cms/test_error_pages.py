"""cms/templates/403.html and 404.html: in the site's frame, in the learner's language,
and saying nothing of why."""

import pytest
from bs4 import BeautifulSoup

from tests.factories.accounts import learner

pytestmark = pytest.mark.django_db


def test_a_learner_at_the_tutor_page_gets_a_korean_403_in_the_frame(client):
    client.force_login(learner(ui_language="ko"))
    response = client.get("/tutor/")
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert response.status_code == 403
    assert page.html["lang"] == "ko"
    assert page.find("main").h1.get_text() == "이 페이지는 볼 수 없습니다"
    assert page.find("header") and page.find("footer")
    assert "Forbidden" not in page.get_text() and "tutor" not in page.find("main").get_text()


def test_an_unknown_address_gets_the_404_in_the_frame(client):
    client.force_login(learner(ui_language="ko"))
    response = client.get("/no-such-page/here/")
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert response.status_code == 404
    assert page.find("main").h1.get_text() == "찾는 페이지가 없습니다"
    assert page.find("header") and page.find("footer")
    assert "no-such-page" not in page.find("main").get_text()

"""cms/templates/403.html and 404.html: in the site's frame, in the learner's language,
and saying nothing of why."""

from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from tests.factories.accounts import UserFactory, learner

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


def framed_korean(response, status, title):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert response.status_code == status
    assert page.html["lang"] == "ko"
    assert page.find("main").h1.get_text() == title
    assert page.find("header") and page.find("footer")
    assert page.title.get_text().startswith(title)
    return page


def test_a_visitor_with_a_korean_browser_gets_a_refused_form_in_korean():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("account_login"),
        {"login": "sparrow", "password": "spring-river-42"},
        HTTP_ACCEPT_LANGUAGE="ko-KR,ko",
    )
    page = framed_korean(response, 403, "양식을 보내지 못했습니다")
    assert "CSRF" not in page.get_text() and "Forbidden" not in page.get_text()
    translation.activate("en")


def test_a_signed_in_user_with_a_korean_browser_gets_the_403_in_korean(client):
    client.force_login(UserFactory())
    response = client.get("/tutor/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko")
    framed_korean(response, 403, "이 페이지는 볼 수 없습니다")
    translation.activate("en")


def test_a_visitor_with_a_korean_browser_gets_the_404_in_korean(client):
    response = client.get("/no-such-page/here/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko")
    page = framed_korean(response, 404, "찾는 페이지가 없습니다")
    assert "Not Found" not in page.get_text()
    translation.activate("en")


def test_a_korean_learner_gets_the_404_in_korean_whatever_the_browser(client):
    client.force_login(learner(ui_language="ko"))
    response = client.get("/no-such-page/here/", HTTP_ACCEPT_LANGUAGE="en")
    framed_korean(response, 404, "찾는 페이지가 없습니다")
    translation.activate("en")

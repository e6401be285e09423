"""cms.wagtail_hooks: a page is created only by an editor's explicit save."""

from django.urls import reverse

import pytest

from lessons.models import LessonPage
from tests.factories.accounts import UserFactory
from tests.factories.lessons import LessonPageFactory
from tests.lessons.test_admin import lesson_form

pytestmark = pytest.mark.django_db
GOOD = ["I went to the bank yesterday."]


@pytest.fixture
def add_url(client):
    client.force_login(UserFactory(groups=["Editors"]))
    course = LessonPageFactory().get_parent()
    return reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", course.pk])


def autosave(client, url):
    return client.post(url, lesson_form(GOOD), HTTP_ACCEPT="application/json")


def test_an_autosave_of_a_new_page_creates_no_draft(client, add_url):
    response = autosave(client, add_url)
    assert response.status_code == 400
    assert response.json()["error_code"] == "validation_error"
    assert not LessonPage.objects.filter(slug="at-the-bank").exists()


def test_a_retry_after_an_abandoned_create_may_use_the_same_slug(client, add_url):
    autosave(client, add_url)
    assert client.post(add_url, lesson_form(GOOD)).status_code == 302
    assert LessonPage.objects.filter(slug="at-the-bank").count() == 1

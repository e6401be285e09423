"""The course map link in the header and on the learner's home page."""

from django.core.cache import cache

import pytest

from courses import navigation
from tests.factories.accounts import learner
from tests.factories.courses import CourseIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return CourseIndexPageFactory()


def test_a_learner_finds_the_course_map_in_the_header_and_at_home(client, index):
    client.force_login(learner())
    html = client.get("/").content.decode()
    assert f'<a href="{index.url}" id="nav-courses">' in html
    assert f'<a href="{index.url}" id="home-course-map">' in html


def test_a_warm_cache_finds_the_course_map_without_a_query(index, django_assert_num_queries):
    navigation.course_map_url()
    with django_assert_num_queries(0):
        assert navigation.course_map_url() == index.url


def test_moving_the_course_map_is_seen_at_once(index):
    assert navigation.course_map_url() == index.url
    index.slug = "all-courses"
    index.save_revision().publish()
    assert navigation.course_map_url().endswith("/all-courses/")


def test_without_a_course_index_there_is_no_link(client):
    cache.delete(navigation.CACHE_KEY)
    client.force_login(learner())
    html = client.get("/").content.decode()
    assert 'id="nav-courses"' not in html
    assert 'id="home-course-map"' not in html

from django.core.exceptions import ValidationError

from wagtail.models import Page

import pytest

from cms.models import HomePage
from courses.models import CourseIndexPage, CoursePage
from lessons.models import LessonPage
from tests.factories.courses import CourseIndexPageFactory, CoursePageFactory
from tests.factories.lessons import LessonPageFactory

pytestmark = pytest.mark.django_db


def test_course_index_lives_under_the_home_page_only():
    assert CourseIndexPage.allowed_parent_page_models() == [HomePage]
    assert CourseIndexPage.allowed_subpage_models() == [CoursePage]


def test_course_lives_under_a_course_index_and_holds_lessons():
    assert CoursePage.allowed_parent_page_models() == [CourseIndexPage]
    assert CoursePage.allowed_subpage_models() == [LessonPage]


def test_lesson_lives_under_a_course_and_has_no_children():
    assert LessonPage.allowed_parent_page_models() == [CoursePage]
    assert LessonPage.allowed_subpage_models() == []
    course_index = CourseIndexPageFactory()
    assert not LessonPage.can_create_at(course_index)
    assert not LessonPage.can_create_at(HomePage.objects.get())
    assert LessonPage.can_create_at(CoursePageFactory(parent=course_index))


def test_a_course_range_cannot_run_backwards():
    course = CoursePageFactory.build(cefr_min="B1", cefr_max="A2", title="x", slug="x")
    with pytest.raises(ValidationError) as error:
        course.clean()
    assert "cefr_max" in error.value.message_dict


def test_the_course_page_lists_its_live_lessons_in_tree_order(client):
    course = CoursePageFactory(title_ko="첫걸음")
    LessonPageFactory(parent=course, title="Greetings", title_ko="인사")
    LessonPageFactory(parent=course, title="Numbers")
    LessonPageFactory(parent=course, title="Draft lesson", live=False)
    html = client.get(course.url).content.decode()
    assert html.index("Greetings") < html.index("Numbers")
    assert "Draft lesson" not in html
    assert '<span lang="ko">인사</span>' in html
    assert '<p class="lesson__title-ko" lang="ko">첫걸음</p>' in html


def test_the_course_index_lists_its_courses(client):
    index = CourseIndexPageFactory(title="All courses")
    CoursePageFactory(parent=index, title="First Steps", title_ko="첫걸음")
    html = client.get(index.url).content.decode()
    assert "First Steps" in html and '<p lang="ko">첫걸음</p>' in html


def test_lesson_urls_nest_under_their_course():
    lesson = LessonPageFactory(slug="at-the-pharmacy")
    course = Page.objects.get(pk=lesson.get_parent().pk)
    assert lesson.url == f"{course.url}at-the-pharmacy/"


def test_a_pre_a1_course_is_valid_and_shows_its_level_by_name(client):
    course = CoursePageFactory(cefr_min="A0", cefr_max="A1", title="Letters")
    course.full_clean()
    LessonPageFactory(parent=course, title="Letters A to I", cefr_level="A0")
    html = client.get(course.url).content.decode()
    assert '<span class="badge">Pre-A1–A1</span>' in html
    assert '<span class="badge">Pre-A1</span>' in html
    backwards = CoursePageFactory.build(cefr_min="A1", cefr_max="A0", title="x", slug="x")
    with pytest.raises(ValidationError):
        backwards.clean()


def test_pre_a1_reads_as_beginners_in_korean():
    from django.utils import translation

    from lessons.models import CefrLevel

    with translation.override("ko"):
        assert str(CefrLevel.A0.label) == "입문 (Pre-A1)"
    assert CefrLevel.values[0] == "A0"

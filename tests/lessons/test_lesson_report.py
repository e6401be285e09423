"""manage.py lesson_report: the level report of a lesson page."""

import uuid
from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory

pytestmark = pytest.mark.django_db


def body(*paragraphs):
    return [
        {"type": "text", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())} for text in paragraphs
    ]


def report(slug):
    out = StringIO()
    call_command("lesson_report", slug, stdout=out)
    return out.getvalue()


@pytest.fixture
def course():
    course = CoursePageFactory()
    ointment = VocabularyItemFactory(headword="ointment", cefr_level="A2")
    text = "I put ointment on my hand. The ointment is good."
    LessonPageFactory(parent=course, slug="untaught", body=body(text))
    LessonPageFactory(parent=course, slug="teaches", body=body(text), words=[ointment])
    LessonPageFactory(parent=course, slug="after", body=body(text))
    return course


def test_flags_an_untaught_above_level_word(course):
    output = report("untaught")
    assert "ointment (zipf" in output
    assert "PROBLEM: coverage" in output


def test_does_not_flag_a_word_the_lesson_teaches(course):
    output = report("teaches")
    assert "ointment (zipf" not in output
    assert "Words taught here (1): ointment" in output
    assert "Within thresholds." in output


def test_does_not_flag_a_word_an_earlier_lesson_of_the_course_teaches(course):
    output = report("after")
    assert "ointment (zipf" not in output
    assert "Words taught earlier (1): ointment" in output


def test_unknown_slug_is_a_clear_error():
    with pytest.raises(CommandError, match="No lesson"):
        report("no-such-lesson")


def test_an_empty_lesson_is_reported_empty(course):
    LessonPageFactory(parent=course, slug="empty", body=[])
    output = report("empty")
    assert "PROBLEM: the lesson is empty" in output
    assert "Within thresholds." not in output

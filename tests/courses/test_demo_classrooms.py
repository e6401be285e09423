from django.core.management import call_command

import pytest

from courses.dashboard import classroom_dashboard
from courses.models import Classroom
from tests.factories.lessons import LessonPageFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_two_populated_classrooms_once():
    lesson = LessonPageFactory()
    call_command("seed_demo")
    call_command("seed_demo")
    rooms = Classroom.objects.order_by("name")
    assert [(r.name, r.tutor.username) for r in rooms] == [
        ("Demo class 1", "demo-tutor-1"),
        ("Demo class 2", "demo-tutor-2"),
    ]
    first, second = (classroom_dashboard(room, now=room.created_at) for room in rooms)
    assert sorted(row.membership.learner.username for row in first.rows) == [
        "demo-learner-1",
        "demo-learner-2",
    ]
    assert [row.membership.learner.username for row in second.rows] == ["demo-learner-3"]
    assert [a.lesson for a in first.assignments] == [lesson]
    assert [a.kind for a in second.assignments] == ["keep"]

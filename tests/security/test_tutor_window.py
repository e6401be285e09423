"""Tutors see a learner only inside the membership window, and never by sign-in name.

A lesson completed before the learner joined is not "done" for the classroom,
even after a later answer; and the dashboard, its CSV, the learner page, the
recommend dropdown, story pages and the digest show a display name or a
neutral "Learner N", never the user name the learner signs in with.
"""

from datetime import UTC, datetime, timedelta

from django.urls import reverse

import pytest

from courses.dashboard import classroom_dashboard, learner_work
from courses.digest import late_work
from tests.factories.accounts import LearnerProfileFactory, UserFactory
from tests.factories.courses import AssignmentFactory, ClassroomFactory, MembershipFactory
from tests.factories.hub import ResourcePageFactory, StoryFactory
from tests.factories.progress import LessonProgressFactory

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
JOINED = NOW - timedelta(days=10)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]
SECRET = "kimsecret"


def test_a_lesson_completed_before_joining_is_not_done_after_a_later_answer():
    assignment = AssignmentFactory(due_on=(NOW + timedelta(days=3)).date())
    membership = MembershipFactory(classroom=assignment.classroom, joined_at=JOINED)
    LessonProgressFactory(
        learner=membership.learner,
        lesson=assignment.lesson,
        started_at=JOINED - timedelta(days=30),
        completed_at=JOINED - timedelta(days=20),
        best_score=1.0,
        last_activity_at=JOINED + timedelta(days=1),  # one answer after joining
    )
    board = classroom_dashboard(assignment.classroom, now=NOW)
    [cell] = board.rows[0].cells
    assert cell.status != "done" and cell.score is None
    assert board.rows[0].lessons_done == 0
    [work] = learner_work(membership)
    assert not work.done


def test_a_lesson_completed_inside_the_window_is_done():
    assignment = AssignmentFactory(due_on=(NOW + timedelta(days=3)).date())
    membership = MembershipFactory(classroom=assignment.classroom, joined_at=JOINED)
    LessonProgressFactory(
        learner=membership.learner,
        lesson=assignment.lesson,
        started_at=JOINED - timedelta(days=30),
        completed_at=JOINED + timedelta(days=1),
        best_score=1.0,
        last_activity_at=JOINED + timedelta(days=1),
    )
    [cell] = classroom_dashboard(assignment.classroom, now=NOW).rows[0].cells
    assert cell.status == "done"
    assert learner_work(membership)[0].done


@pytest.fixture(params=["no profile", "blank", "same as user name"])
def hidden_learner(request):
    """A learner whose display name would give away, or fall back to, the user name."""
    if request.param == "no profile":
        return UserFactory(username=SECRET)
    name = "" if request.param == "blank" else SECRET.upper()
    return LearnerProfileFactory(user__username=SECRET, display_name=name).user


@pytest.fixture
def classroom(hidden_learner):
    room = ClassroomFactory()
    MembershipFactory(classroom=room, learner=hidden_learner, joined_at=JOINED)
    AssignmentFactory(classroom=room, due_on=(NOW - timedelta(days=1)).date())
    return room


def tutor_pages(client, room, learner) -> dict[str, str]:
    client.force_login(room.tutor)
    story = StoryFactory(author=learner)
    urls = {
        "dashboard": reverse("courses:classroom", args=[room.pk]),
        "csv": reverse("courses:classroom_csv", args=[room.pk]),
        "learner": reverse("courses:learner", args=[room.pk, learner.pk]),
        "prep": reverse("courses:session_prep", args=[room.pk]),
        "assign": reverse("courses:new_assignment", args=[room.pk]),
        "recommend": ResourcePageFactory().url,
        "stories": reverse("hub:stories"),
        "story": reverse("hub:story", args=[story.pk]),
    }
    return {name: client.get(url).content.decode() for name, url in urls.items()}


def test_tutors_never_see_the_user_name(client, classroom, hidden_learner):
    pages = tutor_pages(client, classroom, hidden_learner)
    pages["digest"] = str(late_work([classroom], NOW))
    for name, page in pages.items():
        assert SECRET not in page.casefold(), name
    assert f"Learner {hidden_learner.pk}" in pages["dashboard"]
    assert f'<option value="{hidden_learner.pk}">Learner {hidden_learner.pk}<' in pages["recommend"]

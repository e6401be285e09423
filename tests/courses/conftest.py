import pytest

from tests.factories.accounts import learner
from tests.factories.courses import AssignmentFactory, MembershipFactory
from tests.factories.progress import LessonProgressFactory


@pytest.fixture
def room():
    """A classroom with one assignment and one learner, Sparrow, who has started it."""
    assignment = AssignmentFactory()
    membership = MembershipFactory(
        classroom=assignment.classroom, learner=learner(display_name="Sparrow")
    )
    progress = LessonProgressFactory(learner=membership.learner, lesson=assignment.lesson)
    return assignment, membership, progress

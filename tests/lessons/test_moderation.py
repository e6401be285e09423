from wagtail.models import WorkflowState

import pytest

from lessons.models import LessonPage
from tests.factories.accounts import UserFactory
from tests.factories.lessons import LessonPageFactory, every_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return LessonPageFactory(live=False, body=every_block())


def test_an_editor_may_edit_a_lesson_but_not_publish_it(draft):
    editor = UserFactory(groups=["Editors"])
    permissions = draft.permissions_for_user(editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_a_lesson_is_under_the_moderators_approval_workflow(draft):
    workflow = draft.get_workflow()
    assert workflow is not None and workflow.active
    assert [task.name for task in workflow.tasks] == ["Moderators approval"]


def test_a_submitted_lesson_waits_for_a_moderator_who_publishes_it(draft):
    editor = UserFactory(groups=["Editors"])
    moderator = UserFactory(groups=["Moderators"])
    draft.title = "At the pharmacy"
    draft.save_revision(user=editor)
    state = draft.get_workflow().start(draft, editor)

    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not LessonPage.objects.get(pk=draft.pk).live
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(draft, moderator)

    task_state.task.specific.on_action(task_state, moderator, "approve")

    lesson = LessonPage.objects.get(pk=draft.pk)
    assert lesson.live and lesson.title == "At the pharmacy"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_publishing_keeps_every_revision(draft):
    editor = UserFactory(groups=["Editors"])
    draft.save_revision(user=editor)
    draft.title = "Second draft"
    draft.save_revision(user=editor).publish()
    assert draft.revisions.count() == 2

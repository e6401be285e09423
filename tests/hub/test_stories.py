from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from hub.models import Story, StoryPage
from hub.stories import submit_story, withdraw_story
from tests.factories.accounts import UserFactory
from tests.factories.courses import ClassroomFactory, MembershipFactory
from tests.factories.hub import StoryFactory, StoryIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    StoryIndexPageFactory()
    author = UserFactory(username="kim-real-name")
    return StoryFactory(author=author, title="Crossing the river", body="A long night.")


@pytest.fixture
def classroom(story):
    return MembershipFactory(learner=story.author).classroom


def status_for(client, user, story) -> int:
    if user is not None:
        client.force_login(user)
    return client.get(reverse("hub:story", args=[story.pk])).status_code


def publish(story):
    moderator = UserFactory(groups=["Moderators"])
    task_state = story.page.workflow_states.get().current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    story.page.refresh_from_db()


def test_the_author_reads_their_draft(client, story):
    assert status_for(client, story.author, story) == 200


def test_a_current_tutor_reads_the_draft_and_leaves_feedback(client, story, classroom):
    assert status_for(client, classroom.tutor, story) == 200
    client.post(reverse("hub:story_comment", args=[story.pk]), {"text": "Lovely verbs."})
    assert story.comments.get().tutor == classroom.tutor
    client.force_login(story.author)
    assert "Lovely verbs." in client.get(reverse("hub:story", args=[story.pk])).content.decode()


def test_a_draft_is_invisible_to_another_learner_even_a_classmate(client, story, classroom):
    classmate = MembershipFactory(classroom=classroom).learner
    assert status_for(client, classmate, story) == 404


def test_a_draft_is_invisible_to_another_classrooms_tutor(client, story, classroom):
    assert status_for(client, ClassroomFactory().tutor, story) == 404


def test_a_draft_is_invisible_to_a_tutor_after_the_learner_left(client, story, classroom):
    classroom.memberships.update(left_at=timezone.now())
    assert status_for(client, classroom.tutor, story) == 404


def test_a_draft_is_invisible_to_a_visitor(client, story):
    assert status_for(client, None, story) == 404


def test_another_learner_cannot_comment_on_or_withdraw_a_draft(client, story):
    client.force_login(UserFactory())
    assert (
        client.post(reverse("hub:story_comment", args=[story.pk]), {"text": "x"}).status_code == 404
    )
    assert client.post(reverse("hub:story_withdraw", args=[story.pk])).status_code == 404
    assert not story.comments.exists()


def test_submitting_needs_the_confirmation_and_a_pen_name_that_is_not_the_username(story):
    with pytest.raises(ValidationError):
        submit_story(story=story, pen_name="Swallow", details_removed=False)
    with pytest.raises(ValidationError):
        submit_story(story=story, pen_name="KIM-real-name", details_removed=True)
    assert not StoryPage.objects.exists()


def test_a_submitted_story_waits_unpublished_for_an_editor(client, story):
    client.force_login(story.author)
    response = client.post(
        reverse("hub:story_submit", args=[story.pk]),
        {"pen_name": "Swallow", "details_removed": "on"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.SUBMITTED and not story.page.live
    client.logout()
    assert client.get(story.page.url or f"/stories/{story.page.slug}/").status_code == 404


def test_a_published_story_shows_the_pen_name_and_no_username(client, story):
    submit_story(story=story, pen_name="Swallow", details_removed=True)
    publish(story)
    html = client.get(story.page.url).content.decode()
    assert "Crossing the river" in html and "by Swallow" in html
    assert "kim-real-name" not in html
    client.force_login(UserFactory())
    assert "kim-real-name" not in client.get(story.page.url).content.decode()


def test_withdrawing_a_published_story_takes_it_down_at_once(client, story):
    submit_story(story=story, pen_name="Swallow", details_removed=True)
    publish(story)
    url = story.page.url
    assert client.get(url).status_code == 200

    client.force_login(story.author)
    client.post(reverse("hub:story_withdraw", args=[story.pk]))
    client.logout()

    assert client.get(url).status_code == 404
    story.refresh_from_db()
    assert story.status == Story.Status.WITHDRAWN and story.page is None
    assert not StoryPage.objects.exists()


def test_a_withdrawn_story_can_be_edited_and_sent_again(story):
    submit_story(story=story, pen_name="Swallow", details_removed=True)
    withdraw_story(story=story)
    submit_story(story=story, pen_name="Swallow", details_removed=True)
    assert StoryPage.objects.get().pen_name == "Swallow"


def test_a_story_is_sent_only_once_until_withdrawn(story):
    submit_story(story=story, pen_name="Swallow", details_removed=True)
    with pytest.raises(ValidationError):
        submit_story(story=story, pen_name="Swallow", details_removed=True)
    assert StoryPage.objects.count() == 1

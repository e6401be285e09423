from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest

from hub.models import ResourcePage
from tests.factories.accounts import UserFactory
from tests.factories.hub import directory

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "name": "Harbor Tenants Union",
    "kind": "housing",
    "regions": ["US-WA"],
    "languages": ["ko", "en"],
    "website": "https://harbor.example.org/",
    "description_ko": "세입자를 돕습니다.",
}


@pytest.fixture
def proposal(client):
    directory()
    client.force_login(UserFactory())
    response = client.post(reverse("hub:propose"), PROPOSAL)
    assert response.status_code == 302
    client.logout()
    return ResourcePage.objects.get(title="Harbor Tenants Union")


def listed(client, **params) -> list[str]:
    return [page.title for page in client.get(directory().url, params).context["resources"]]


def test_a_visitor_must_sign_in_to_propose(client):
    directory()
    response = client.get(reverse("hub:propose"))
    assert response.status_code == 302 and "login" in response.url


def test_a_proposal_is_a_draft_waiting_in_the_moderation_workflow(proposal):
    assert not proposal.live
    assert proposal.last_verified is None
    assert list(proposal.regions.values_list("code", flat=True)) == ["US-WA"]
    state = proposal.workflow_states.get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_proposal_is_invisible_until_published(client, proposal):
    assert "Harbor Tenants Union" not in listed(client)
    assert client.get(f"/{directory().slug}/{proposal.slug}/").status_code == 404
    client.force_login(UserFactory())
    assert "Harbor Tenants Union" not in listed(client, region="US-WA")


def test_an_editor_verifies_and_a_moderator_publishes_a_proposal(client, proposal):
    editor = UserFactory(groups=["Editors"])
    moderator = UserFactory(groups=["Moderators"])
    page = proposal.get_latest_revision_as_object()
    page.last_verified = timezone.localdate()
    page.save_revision(user=editor)
    task_state = proposal.workflow_states.get().current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")

    assert listed(client, region="US-WA") == ["Harbor Tenants Union"]


def test_a_published_but_unverified_proposal_stays_out_of_the_directory(client, proposal):
    moderator = UserFactory(groups=["Moderators"])
    task_state = proposal.workflow_states.get().current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    assert ResourcePage.objects.get(pk=proposal.pk).live
    assert "Harbor Tenants Union" not in listed(client)

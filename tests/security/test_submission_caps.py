"""Free text that learners and visitors submit is capped, and proposals and stories
are rate limited per user: a refusal says why and writes nothing."""

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

import pytest

from hub.models import ResourcePage, Story, StoryPage
from tests.factories.accounts import UserFactory, learner
from tests.factories.courses import MembershipFactory
from tests.factories.hub import StoryFactory, StoryIndexPageFactory, directory

pytestmark = pytest.mark.django_db
PROPOSAL = {
    "name": "Harbor Tenants Union",
    "kind": "housing",
    "regions": ["US-WA"],
    "languages": ["ko", "en"],
    "description_ko": "세입자를 돕습니다.",
}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def author(client):
    user = learner()
    client.force_login(user)
    return user


@pytest.mark.parametrize("field", ["description_ko", "description_en"])
def test_a_one_megabyte_proposal_description_is_refused(client, author, field):
    directory()
    response = client.post(reverse("hub:propose"), {**PROPOSAL, field: "가" * 1_000_000})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not ResourcePage.objects.exists()


def test_a_story_body_over_the_cap_is_refused(client, author):
    response = client.post(reverse("hub:story_new"), {"title": "Winter", "body": "x" * 20_001})
    assert "at most 20000 characters" in response.content.decode()
    assert not Story.objects.exists()


def test_story_feedback_over_the_cap_is_refused(client):
    story = StoryFactory()
    tutor = UserFactory()
    MembershipFactory(learner=story.author, classroom__tutor=tutor)
    client.force_login(tutor)
    client.post(reverse("hub:story_comment", args=[story.pk]), {"text": "x" * 5_001})
    assert not story.comments.exists()


@override_settings(HUB_PROPOSALS_PER_DAY=2)
def test_proposals_are_limited_per_user_per_day(client, author):
    directory()
    for _ in range(2):
        assert client.post(reverse("hub:propose"), PROPOSAL).status_code == 302
    response = client.post(reverse("hub:propose"), PROPOSAL)
    assert response.status_code == 429
    assert "Please try again tomorrow" in response.content.decode()
    assert ResourcePage.objects.count() == 2
    client.force_login(UserFactory())
    assert client.post(reverse("hub:propose"), PROPOSAL).status_code == 302


@override_settings(HUB_STORIES_PER_DAY=2)
def test_new_stories_and_submissions_are_limited_per_user_per_day(client, author):
    StoryIndexPageFactory()
    for n in range(2):
        client.post(reverse("hub:story_new"), {"title": f"Winter {n}", "body": "Cold."})
    response = client.post(reverse("hub:story_new"), {"title": "Spring", "body": "Warm."})
    assert response.status_code == 429
    assert "Please try again tomorrow" in response.content.decode()
    assert Story.objects.count() == 2
    story = Story.objects.first()
    url = reverse("hub:story_submit", args=[story.pk])
    response = client.post(url, {"pen_name": "Sparrow", "details_removed": "on"})
    assert response.status_code == 429
    assert not StoryPage.objects.exists()

from django.urls import reverse
from django.utils import translation

import pytest

from accounts.models import LearnerProfile
from tests.factories.accounts import UserFactory, learner

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "River",
    "ui_language": "ko",
    "gloss_preference": "north",
    "time_zone": "America/Chicago",
    "daily_review_goal": 30,
    "reminder_hour": 20,
    "desired_retention": 85,
}


def test_settings_page_creates_the_profile_on_first_visit(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:settings")).status_code == 200
    assert LearnerProfile.objects.get(user=user).desired_retention == 0.9


def test_saving_settings_switches_language_and_gloss_at_once(client):
    user = learner()
    client.force_login(user)
    assert client.get("/").context["gloss_preference"] == "both"
    response = client.post(reverse("accounts:settings"), VALID, follow=True)
    assert response.status_code == 200
    profile = LearnerProfile.objects.get(user=user)
    assert (profile.ui_language, profile.gloss_preference, profile.reminder_hour) == (
        "ko",
        "north",
        20,
    )
    page = client.get("/")
    assert page.context["gloss_preference"] == "north"
    assert '<html lang="ko">' in page.content.decode()
    translation.activate("en")


@pytest.mark.parametrize("retention", ["79", "96", "0.85", "85.5"])
def test_desired_retention_outside_080_to_095_is_refused(client, retention):
    user = learner()
    client.force_login(user)
    response = client.post(reverse("accounts:settings"), {**VALID, "desired_retention": retention})
    assert response.status_code == 200
    assert response.context["form"].errors["desired_retention"]
    assert LearnerProfile.objects.get(user=user).desired_retention == 0.9


def test_profile_language_is_used_after_signing_in_again(client):
    user = learner(ui_language="ko")
    client.force_login(user)
    assert '<html lang="ko">' in client.get("/").content.decode()
    translation.activate("en")


def test_visitor_gloss_preference_is_both(client):
    assert client.get("/").context["gloss_preference"] == "both"


def test_a_profile_made_on_first_need_keeps_the_language_in_use(client):
    tutor = UserFactory()
    client.force_login(tutor)
    client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert LearnerProfile.objects.get(user=tutor).ui_language == "en"
    other = UserFactory()
    client.force_login(other)
    client.get("/", HTTP_ACCEPT_LANGUAGE="ko")
    assert LearnerProfile.objects.get(user=other).ui_language == "ko"
    translation.activate("en")


def test_switching_to_korean_confirms_in_korean(client):
    client.force_login(learner(ui_language="en"))
    response = client.post(reverse("accounts:settings"), VALID, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["설정을 보관했습니다."]
    translation.activate("en")


def test_how_much_to_remember_is_shown_and_typed_as_a_percent(client):
    user = learner()
    client.force_login(user)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert 'name="desired_retention" value="90"' in page
    client.post(reverse("accounts:settings"), VALID)
    assert LearnerProfile.objects.get(user=user).desired_retention == 0.85
    translation.activate("en")

from django.urls import reverse

import pytest

from hub.exceptions import NotTutorsLearner
from hub.models import Recommendation
from hub.recommending import recommend_resource
from tests.factories.accounts import UserFactory
from tests.factories.courses import ClassroomFactory, MembershipFactory
from tests.factories.hub import ResourcePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership():
    return MembershipFactory()


def recommend(client, user, resource, learner):
    client.force_login(user)
    url = reverse("hub:recommend", args=[resource.pk])
    return client.post(url, {"learner": learner.pk, "note": "Ask for Ms Lee."})


def home_panel(client, user) -> str:
    client.force_login(user)
    home = client.get("/").content.decode()
    assert f'hx-get="{reverse("hub:recommendations")}" hx-trigger="load"' in home
    return client.get(reverse("hub:recommendations")).content.decode()


def test_a_tutor_recommends_a_resource_that_appears_on_the_learners_home(client, membership):
    resource = ResourcePageFactory(title="Riverside Legal Help")
    response = recommend(client, membership.classroom.tutor, resource, membership.learner)
    assert response.status_code == 302
    html = home_panel(client, membership.learner)
    assert "Riverside Legal Help" in html and "Ask for Ms Lee." in html


def test_a_tutor_sees_their_current_learners_on_a_resource_page(client, membership):
    resource = ResourcePageFactory()
    client.force_login(membership.classroom.tutor)
    html = client.get(resource.url).content.decode()
    assert f'<option value="{membership.learner.pk}">' in html


def test_a_tutor_cannot_recommend_to_another_classrooms_learner(client, membership):
    resource = ResourcePageFactory()
    response = recommend(client, ClassroomFactory().tutor, resource, membership.learner)
    assert response.status_code == 404
    assert not Recommendation.objects.exists()


def test_recommending_to_someone_elses_learner_raises_and_writes_nothing(membership):
    stranger = ClassroomFactory().tutor
    with pytest.raises(NotTutorsLearner):
        recommend_resource(
            tutor=stranger, learner_id=membership.learner_id, resource=ResourcePageFactory()
        )
    assert not Recommendation.objects.exists()


def test_a_learner_cannot_recommend_to_a_classmate(client, membership):
    classmate = MembershipFactory(classroom=membership.classroom).learner
    response = recommend(client, membership.learner, ResourcePageFactory(), classmate)
    assert response.status_code == 404


def test_a_recommendation_of_an_unpublished_resource_is_not_shown(client, membership):
    resource = ResourcePageFactory(title="Closed Clinic")
    recommend(client, membership.classroom.tutor, resource, membership.learner)
    resource.unpublish()
    assert "Closed Clinic" not in home_panel(client, membership.learner)


def test_another_learner_does_not_see_the_recommendation(client, membership):
    resource = ResourcePageFactory(title="Riverside Legal Help")
    recommend(client, membership.classroom.tutor, resource, membership.learner)
    assert "Riverside Legal Help" not in home_panel(client, UserFactory())

from django.urls import reverse

import pytest

from tests.factories.accounts import UserFactory
from tests.factories.lessons import WordPairFactory

pytestmark = pytest.mark.django_db
URL = reverse("lessons_north_forms")


@pytest.fixture
def pairs():
    WordPairFactory(south_form="헬리콥터", north_form="직승기")
    WordPairFactory(south_form="헬리콥터", north_form="직승비행기")


def test_an_editor_gets_the_north_korean_forms_of_a_south_korean_form(client, pairs):
    client.force_login(UserFactory(groups=["Editors"]))
    response = client.get(URL, {"south": "헬리콥터"})
    assert response.status_code == 200
    assert response.json() == {"south": "헬리콥터", "north": ["직승기", "직승비행기"]}


def test_an_unknown_south_korean_form_has_no_suggestions(client, pairs):
    client.force_login(UserFactory(groups=["Moderators"]))
    assert client.get(URL, {"south": "원룸"}).json()["north"] == []


def test_an_anonymous_visitor_is_sent_to_log_in(client, pairs):
    response = client.get(URL, {"south": "헬리콥터"})
    assert response.status_code == 302
    assert "직승기" not in response.content.decode()


def test_a_learner_is_refused(client, pairs):
    client.force_login(UserFactory())
    response = client.get(URL, {"south": "헬리콥터"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_admin_user_without_vocabulary_permissions_is_refused(client, pairs):
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(URL, {"south": "헬리콥터"})
    # Wagtail turns PermissionDenied in the admin into a redirect to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")

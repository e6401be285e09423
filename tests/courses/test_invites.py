from django.urls import reverse

import pytest

from courses.models import is_tutor
from tests.factories.accounts import UserFactory, learner

pytestmark = pytest.mark.django_db


def invite_link(client) -> str:
    client.force_login(UserFactory(is_staff=True))
    response = client.post(reverse("courses:create_tutor_invite"))
    return response.context["link"]


def test_staff_make_an_invite_link_that_makes_one_tutor(client):
    link = invite_link(client)
    client.logout()
    fields = {
        "username": "new-tutor",
        "password1": "tutor-pass-4242",
        "password2": "tutor-pass-4242",
    }
    response = client.post(link, fields)
    assert response.url == reverse("courses:tutor_home")
    assert client.get(response.url).status_code == 200
    client.logout()
    again = client.post(link, {**fields, "username": "second-tutor"})
    assert again.status_code == 404
    assert is_tutor(UserFactory._meta.model.objects.get(username="new-tutor"))


def test_only_staff_make_invite_links(client):
    client.force_login(learner())
    assert client.post(reverse("courses:create_tutor_invite")).status_code == 403


def test_a_tampered_invite_link_is_refused(client):
    link = invite_link(client)
    assert client.get(link[:-4] + "abc/").status_code == 404

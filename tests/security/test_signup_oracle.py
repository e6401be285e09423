"""Sign-up must not tell a stranger which user names and email addresses exist."""

import re

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

import pytest

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

TAKEN_NAME = "kestrel"
TAKEN_EMAIL = "kestrel@example.org"


@pytest.fixture(autouse=True)
def owner():
    cache.clear()
    return UserFactory(username=TAKEN_NAME, email=TAKEN_EMAIL)


def sign_up(client, **fields):
    data = {
        "join_code": "test-join-code",
        "username": "sparrow",
        "display_name": "",
        "email": "",
        "password1": "spring-river-42",
        "password2": "spring-river-42",
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def errors(response) -> str:
    """Every error the page shows, with the submitted values taken out."""
    text = re.sub(r"\s+", " ", str(response.context["form"].errors))
    for value in (TAKEN_NAME, "sparrow", TAKEN_EMAIL, "sparrow@example.org"):
        text = text.replace(value, "<value>")
    return text


@pytest.mark.parametrize(
    ("taken", "free"),
    [
        ({"username": TAKEN_NAME}, {"username": "sparrow"}),
        ({"email": TAKEN_EMAIL}, {"email": "sparrow@example.org"}),
    ],
)
def test_a_wrong_join_code_answers_the_same_for_taken_and_free_names(client, taken, free):
    on_taken = sign_up(client, join_code="wrong-code", **taken)
    on_free = sign_up(client, join_code="wrong-code", **free)
    assert on_taken.status_code == on_free.status_code == 200
    assert errors(on_taken) == errors(on_free)
    assert list(on_taken.context["form"].errors) == ["join_code"]
    assert get_user_model().objects.count() == 1


def test_a_right_join_code_still_says_that_a_user_name_is_taken(client):
    response = sign_up(client, username=TAKEN_NAME.upper())
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert get_user_model().objects.count() == 1


def test_a_right_join_code_does_not_reveal_a_taken_email(client):
    on_taken = sign_up(client, username="sparrow", email=TAKEN_EMAIL)
    on_free = sign_up(client.__class__(), username="wren", email="wren@example.org")
    assert on_taken.status_code == on_free.status_code == 302
    assert on_taken["Location"] == on_free["Location"]
    assert get_user_model().objects.filter(username__in=["sparrow", "wren"]).count() == 2
    owner = get_user_model().objects.get(username=TAKEN_NAME)
    assert owner.email == TAKEN_EMAIL

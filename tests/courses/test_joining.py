"""Classroom codes at sign-up, checked and redeemed by the sign-up form."""

from django.urls import reverse
from django.utils import timezone

import pytest

from courses import joining
from courses.exceptions import InvalidClassroomCode
from courses.models import Membership
from tests.factories.accounts import learner
from tests.factories.courses import ClassroomFactory

pytestmark = pytest.mark.django_db


def signup(client, code):
    return client.post(
        reverse("account_signup"),
        {"join_code": code, "username": "new-sparrow", "display_name": "Sparrow",
         "password1": "river-spring-42", "password2": "river-spring-42"},
    )  # fmt: skip


def test_checking_a_code_changes_nothing():
    classroom = ClassroomFactory()
    assert joining.classroom_for_code(classroom.join_code, now=timezone.now()) == classroom
    classroom.refresh_from_db()
    assert classroom.join_code_uses == 0


def test_an_unknown_code_is_not_a_classroom_code():
    with pytest.raises(InvalidClassroomCode):
        joining.classroom_for_code("ZZZZZZZZ", now=timezone.now())
    with pytest.raises(InvalidClassroomCode):
        joining.join_classroom(learner=learner(), code="ZZZZZZZZ")


def test_signing_up_with_a_classroom_code_joins_the_classroom(client):
    classroom = ClassroomFactory()
    response = signup(client, classroom.join_code.lower())
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.classroom == classroom and membership.learner.username == "new-sparrow"


def test_signing_up_with_a_used_up_classroom_code_is_refused(client):
    classroom = ClassroomFactory(join_code_max_uses=1, join_code_uses=1)
    response = signup(client, classroom.join_code)
    assert response.status_code == 200
    assert not Membership.objects.exists()


def test_the_site_invite_code_still_works_and_joins_no_classroom(client):
    assert signup(client, "test-join-code").status_code == 302
    assert not Membership.objects.exists()

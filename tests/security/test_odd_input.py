"""Odd request values get a clear refusal, never a server error or a write.

`str.isdigit()` accepts "²", which `int()` refuses; a number with forty digits
overflows every integer column; a NUL byte in free text reaches the database,
which PostgreSQL refuses. The parametrised tests run on SQLite and, under
DATABASE_URL, on PostgreSQL; `test_nul_bytes_are_refused_on_postgresql` makes
the PostgreSQL run explicit in CI.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

import pytest

from hub.models import Recommendation
from progress.models import ExerciseAttempt, ReviewLog
from tests.factories.accounts import learner
from tests.factories.courses import MembershipFactory
from tests.factories.hub import ResourcePageFactory
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db
ODD_INTEGERS = ["²", "١", "-0", "9" * 40, "1.0", "0x1", "\x00", ""]
NUL = "pharmacy\x00"


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.fixture
def card():
    return ReviewCardFactory(learner=learner())


def signed_in(visitor, user):
    visitor.force_login(user)
    return visitor


@pytest.mark.parametrize("odd", ODD_INTEGERS)
def test_an_odd_choice_index_is_refused_for_a_visitor(visitor, lesson, odd):
    url = reverse("progress:answer_exercise", args=[lesson.pk, "mc-1"])
    response = visitor.post(url, {"choice": odd}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()


@pytest.mark.parametrize("odd", ODD_INTEGERS)
def test_an_odd_review_value_is_no_server_error(visitor, card, odd):
    client = signed_in(visitor, card.learner)
    reveal = reverse("progress:review_reveal", args=[card.pk])
    answer = reverse("progress:review_answer", args=[card.pk])
    assert client.get(reverse("progress:review"), {"after": odd}).status_code == 200
    assert client.get(reveal, {"shown_at": odd}).status_code == 200
    response = client.post(answer, {"rating": odd, "idempotency_key": odd, "shown_at": odd})
    assert response.status_code == 400
    assert not ReviewLog.objects.exists()


@pytest.mark.parametrize("odd", ODD_INTEGERS)
def test_an_odd_learner_id_is_refused_when_recommending(visitor, odd):
    membership = MembershipFactory()
    client = signed_in(visitor, membership.classroom.tutor)
    url = reverse("hub:recommend", args=[ResourcePageFactory().pk])
    assert client.post(url, {"learner": odd, "note": "hi"}).status_code in (400, 404)
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("odd", ["²", "9" * 40, "-1"])
def test_an_odd_co_tutor_id_is_refused(visitor, odd):
    membership = MembershipFactory()
    client = signed_in(visitor, membership.classroom.tutor)
    url = reverse("courses:co_tutors", args=[membership.classroom.pk])
    assert client.post(url, {"remove": odd}).status_code == 302


def test_a_nul_byte_in_an_answer_is_refused_with_a_message(visitor, lesson):
    client = signed_in(visitor, learner())
    url = reverse("progress:answer_exercise", args=[lesson.pk, "mp-1"])
    response = client.post(url, {"choice": "fan\x00"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert not ExerciseAttempt.objects.exists()


def test_a_nul_byte_in_a_typed_review_answer_is_refused(visitor, card):
    client = signed_in(visitor, card.learner)
    response = client.post(reverse("progress:review_check", args=[card.pk]), {"typed": NUL})
    assert response.status_code == 400


def test_a_nul_byte_in_a_recommendation_note_is_refused(visitor):
    membership = MembershipFactory()
    client = signed_in(visitor, membership.classroom.tutor)
    url = reverse("hub:recommend", args=[ResourcePageFactory().pk])
    response = client.post(url, {"learner": membership.learner.pk, "note": NUL})
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


@pytest.mark.services
def test_nul_bytes_are_refused_on_postgresql(postgres, visitor, lesson):
    test_a_nul_byte_in_an_answer_is_refused_with_a_message(visitor, lesson)
    test_a_nul_byte_in_a_recommendation_note_is_refused(Client(raise_request_exception=False))


@override_settings(SIGNUP_INVITE_CODE="spring-2026")
def test_a_non_ascii_join_code_is_refused_with_a_message(visitor):
    cache.clear()  # allauth's sign-up rate limit counts earlier tests' sign-ups
    data = {"join_code": "봄²", "username": "newcomer", "display_name": "Sparrow"}
    data |= {"password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"}
    response = visitor.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert b"field--error" in response.content
    assert not get_user_model().objects.filter(username="newcomer").exists()


@pytest.mark.parametrize("field", ["lesson", "course", "learner"])
def test_an_overflowing_id_in_the_assignment_form_is_refused(visitor, field):
    membership = MembershipFactory()
    client = signed_in(visitor, membership.classroom.tutor)
    url = reverse("courses:new_assignment", args=[membership.classroom.pk])
    response = client.post(url, {field: "9" * 40, "kind": "complete", "due_on": "2026-12-01"})
    assert response.status_code == 200
    assert b"field--error" in response.content

"""Each tutor action says what it did, in the site's frame; only tutors see the Tutor link."""

from datetime import timedelta
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

import pytest

from courses import invites
from tests.factories.courses import tutor

pytestmark = pytest.mark.django_db


def shown(response) -> str:
    """The messages list of the page the action led to."""
    assert response.status_code == 200
    page = response.content.decode()
    assert '<ul class="messages" role="status">' in page, "no message in the site frame"
    return page.split('<ul class="messages" role="status">')[1].split("</ul>")[0]


def test_creating_a_classroom_says_so(client):
    client.force_login(tutor())
    response = client.post(reverse("courses:tutor_home"), {"name": "Monday"}, follow=True)
    assert "The classroom is made" in shown(response)


def test_creating_and_editing_an_assignment_says_so(client, room):
    classroom = room[0].classroom
    client.force_login(classroom.tutor)
    today = timezone.localdate()
    fields = {"lesson": room[0].lesson_id, "kind": "complete", "target_retention": "85",
              "starts_on": today, "due_on": today + timedelta(days=3)}  # fmt: skip
    response = client.post(
        reverse("courses:new_assignment", args=[classroom.pk]), fields, follow=True
    )
    assert "The assignment is saved" in shown(response)
    assert classroom.assignments.count() == 2
    url = reverse("courses:edit_assignment", args=[classroom.pk, room[0].pk])
    assert "The assignment is saved" in shown(client.post(url, fields, follow=True))


def test_a_refused_assignment_says_why_and_no_success(client, room):
    classroom = room[0].classroom
    client.force_login(classroom.tutor)
    response = client.post(reverse("courses:new_assignment", args=[classroom.pk]), {})
    assert "The assignment is saved" not in response.content.decode()
    assert classroom.assignments.count() == 1


def test_classroom_changes_say_so(client, room):
    classroom = room[0].classroom
    helper = tutor(username="helper-tutor")
    client.force_login(classroom.tutor)
    co_tutors = reverse("courses:co_tutors", args=[classroom.pk])
    added = client.post(co_tutors, {"username": "helper-tutor"}, follow=True)
    assert "The co-tutor is added" in shown(added)
    removed = client.post(co_tutors, {"remove": helper.pk}, follow=True)
    assert "The co-tutor is removed" in shown(removed)
    blank = client.post(co_tutors, {"username": ""}, follow=True)
    assert "There is no tutor with this user name." in shown(blank)
    code = client.post(reverse("courses:rotate_code", args=[classroom.pk]), {}, follow=True)
    assert "new join code" in shown(code)
    bad = client.post(
        reverse("courses:rotate_code", args=[classroom.pk]), {"max_uses": "0"}, follow=True
    )
    assert "The join code was not replaced" in shown(bad)
    saved = client.post(
        reverse("courses:settings", args=[classroom.pk]), {"name": "Thursday"}, follow=True
    )
    assert "The classroom is saved." in shown(saved)


def test_a_comment_says_whether_it_was_saved(client, room):
    assignment, membership, progress = room
    client.force_login(assignment.classroom.tutor)
    url = reverse(
        "courses:comment", args=[assignment.classroom_id, membership.learner_id, progress.pk]
    )
    assert "Your comment is saved" in shown(client.post(url, {"body": "Well done"}, follow=True))
    assert "was not saved" in shown(client.post(url, {"body": ""}, follow=True))


def test_invites_say_what_to_do_next(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    made = client.post(reverse("courses:create_tutor_invite"))
    assert "Send its link to the new tutor" in shown(made)
    client.logout()
    token = invites.create_tutor_invite(created_by=staff)
    password = "a long pass phrase 7391"
    response = client.post(
        reverse("courses:accept_tutor_invite", args=[token]),
        {"username": "new-tutor", "password1": password, "password2": password},
        follow=True,
    )
    assert "you are a tutor now" in shown(response)


def test_the_header_links_tutors_to_their_classrooms_and_not_learners(client, room):
    tutor_link = f'href="{reverse("courses:tutor_home")}"'
    client.force_login(room[0].classroom.tutor)
    assert tutor_link in client.get(reverse("accounts:settings")).content.decode()
    client.force_login(room[1].learner)
    assert tutor_link not in client.get(reverse("accounts:settings")).content.decode()
    client.logout()
    assert tutor_link not in client.get(reverse("account_login")).content.decode()


def test_only_the_grid_page_drops_the_reading_width(client, room):
    classroom = room[0].classroom
    client.force_login(classroom.tutor)
    grid = client.get(reverse("courses:classroom", args=[classroom.pk])).content.decode()
    assert '<body class="tutor-grid-page"' in grid
    home = client.get(reverse("courses:tutor_home")).content.decode()
    assert "tutor-grid-page" not in home
    css = Path(finders.find("courses/tutor.css")).read_text()
    assert ".tutor-grid-page main, .tutor-grid-page .messages { max-width: none; }" in css

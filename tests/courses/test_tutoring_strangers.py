"""Every URL of tutor matching, asked by someone it is not about.

One table lists each URL with the object it names. A learner with no part in the
match and a tutor with no part in it get 404 on every one of them, by GET and by
POST, and nothing changes; a tutor the learner blocked is a stranger too. A visitor
is sent to sign in. A test holds the table to courses/urls.py, so a new URL of
these views cannot be left out.

Tutor-only URLs answer 403 to a signed-in learner before looking anything up (the
house rule of `courses.views.tutor_required`): that says nothing about the object.
"""

from datetime import timedelta

from django.urls import get_resolver, reverse
from django.utils import timezone

import pytest

from courses import matching, matching_views, profile_views, session_views
from courses.models import TutorBlock, TutoringSession, TutorRequest
from tests.factories.accounts import learner
from tests.factories.courses import tutor
from tests.factories.tutoring import (
    TutoringSessionFactory,
    TutorProfileFactory,
    TutorRequestFactory,
    accepted_request,
)

pytestmark = pytest.mark.django_db

TUTOR_ONLY = {"accept_request", "decline_request", "tutor_end_match", "hide_tutor_profile"}
# URLs that name no object: each shows only the asker's own rows.
OWN_LISTS = {
    "tutor_profile",
    "hide_tutor_profile",
    "tutor_directory",
    "my_tutors",
    "tutor_requests",
}


@pytest.fixture
def world():
    """A match with a session that has passed (notes may be written), a pending
    request, and an unlisted profile."""
    match = accepted_request(pen_name="Spring")
    TutorProfileFactory(tutor=match.tutor, display_name="Ms Park")
    session = TutoringSessionFactory(
        request=match,
        status=TutoringSession.Status.ACCEPTED,
        starts_at=timezone.now() - timedelta(hours=2),
    )
    pending = TutorRequestFactory(tutor=match.tutor, pen_name="Autumn")
    hidden = TutorProfileFactory(live=False)
    return {"match": match, "session": session, "pending": pending, "hidden": hidden}


def urls(world) -> dict[str, str]:
    match, session, pending = world["match"], world["session"], world["pending"]
    return {
        "tutor_detail": reverse("courses:tutor_detail", args=[world["hidden"].pk]),
        "my_tutor": reverse("courses:my_tutor", args=[match.pk]),
        "withdraw_request": reverse("courses:withdraw_request", args=[pending.pk]),
        "end_match": reverse("courses:end_match", args=[match.pk]),
        "block_tutor": reverse("courses:block_tutor", args=[match.pk]),
        "report_tutor": reverse("courses:report_tutor", args=[match.pk]),
        "accept_request": reverse("courses:accept_request", args=[pending.pk]),
        "decline_request": reverse("courses:decline_request", args=[pending.pk]),
        "tutor_end_match": reverse("courses:tutor_end_match", args=[match.pk]),
        "sessions": reverse("courses:sessions", args=[match.pk]),
        "accept_session": reverse("courses:accept_session", args=[session.pk]),
        "decline_session": reverse("courses:decline_session", args=[session.pk]),
        "cancel_session": reverse("courses:cancel_session", args=[session.pk]),
        "session_ics": reverse("courses:session_ics", args=[session.pk]),
        "session_notes": reverse("courses:session_notes", args=[session.pk]),
        "session_video_link": reverse("courses:session_video_link", args=[session.pk]),
    }


POST_DATA = {
    "confirm": "on",
    "reason": "rude",
    "text": "x",
    "notes": "Notes of a stranger",
    "video_link": "https://evil.example.org/",
    "minutes": "60",
}


def snapshot(world) -> tuple:
    match, session = world["match"], world["session"]
    match.refresh_from_db()
    session.refresh_from_db()
    world["pending"].refresh_from_db()
    return (
        match.status,
        world["pending"].status,
        session.status,
        session.notes,
        session.video_link,
        TutorBlock.objects.count(),
        TutorRequest.objects.count(),
    )


def test_the_table_covers_every_url_of_the_tutor_matching_views(world):
    courses_patterns = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "courses"
    ).url_patterns
    modules = (matching_views, profile_views, session_views)
    views = {
        pattern.name
        for pattern in courses_patterns
        if pattern.callback.__module__ in {module.__name__ for module in modules}
    }
    assert views == set(urls(world)) | OWN_LISTS


@pytest.mark.parametrize("who", ["learner", "tutor", "blocked tutor"])
def test_strangers_get_404_on_every_url_and_change_nothing(client, world, who):
    if who == "learner":
        stranger = learner()
    elif who == "tutor":
        stranger = TutorProfileFactory().tutor
    else:
        match = world["match"]
        matching.block_tutor(learner=match.learner, tutor=match.tutor, now=timezone.now())
        stranger = match.tutor
    before = snapshot(world)
    client.force_login(stranger)
    for name, url in urls(world).items():
        if name in {"withdraw_request", "accept_request", "decline_request"} and (
            who == "blocked tutor"
        ):
            continue  # the pending request is another learner's, which this tutor may answer
        expected = 403 if name in TUTOR_ONLY and who == "learner" else 404
        for method in (client.get, client.post):
            response = method(url, POST_DATA) if method == client.post else method(url)
            if response.status_code == 405:
                continue  # a POST-only URL refuses GET before anything else
            assert response.status_code == expected, (who, name, method.__name__)
    assert snapshot(world) == before


def test_a_blocked_tutor_sees_the_learner_in_no_list(client, world):
    match = world["match"]
    matching.block_tutor(learner=match.learner, tutor=match.tutor, now=timezone.now())
    client.force_login(match.tutor)
    for name in ("tutor_requests", "tutor_home", "behind"):
        page = client.get(reverse(f"courses:{name}")).content.decode()
        assert "Spring" not in page, name
    board = client.get(reverse("courses:classroom", args=[match.classroom_id]))
    assert "Spring" not in board.content.decode()


@pytest.mark.parametrize("name", sorted(OWN_LISTS - {"hide_tutor_profile"}))
def test_lists_show_a_stranger_none_of_the_match(client, world, name):
    stranger = tutor() if name in {"tutor_profile", "tutor_requests"} else learner()
    client.force_login(stranger)
    page = client.get(reverse(f"courses:{name}")).content.decode()
    for secret in ("Spring", "Autumn", world["match"].learner.username):
        assert secret not in page


def test_visitors_are_sent_to_sign_in_from_every_url(client, world):
    for name, url in urls(world).items():
        response = client.post(url) if name != "sessions" else client.get(url)
        if response.status_code == 405:
            response = client.get(url)
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"], name

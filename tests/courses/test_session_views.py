"""The sessions pages: who may see and do what, bad input changing nothing, the
calendar file, notes, assigning work and a query count flat in sessions."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse

import pytest
import time_machine

from accounts.models import LearnerProfile
from courses import booking
from courses.models import TutorBlock, TutoringSession
from tests.factories.accounts import learner
from tests.factories.courses import tutor
from tests.factories.tutoring import TutorProfileFactory, accepted_request

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # Monday 07:00 New York
START = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # Mon 19:00 New York, Tue 09:00 Seoul
START_VALUE = "2026-12-08T00:00Z"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def match():
    request = accepted_request()
    TutorProfileFactory(tutor=request.tutor, display_name="Ms Rivera")
    LearnerProfile.objects.filter(user=request.learner).update(ui_language="ko")
    LearnerProfile.objects.filter(user=request.tutor).update(ui_language="en")
    return request


@pytest.fixture
def session(match):
    return booking.propose_session(
        by=match.tutor,
        request=match,
        starts_at=START,
        minutes=60,
        video_link="https://meet.example.org/x",
        now=NOW,
    )


def agreed(session):
    return booking.accept_session(by=session.request.learner, session=session, now=NOW)


def urls(session):
    pk = session.pk
    return [
        ("get", reverse("courses:sessions", args=[session.request_id])),
        ("post", reverse("courses:sessions", args=[session.request_id])),
        ("post", reverse("courses:accept_session", args=[pk])),
        ("post", reverse("courses:decline_session", args=[pk])),
        ("post", reverse("courses:cancel_session", args=[pk])),
        ("get", reverse("courses:session_ics", args=[pk])),
        ("post", reverse("courses:session_notes", args=[pk])),
        ("post", reverse("courses:session_video_link", args=[pk])),
    ]


def unchanged(session):
    return TutoringSession.objects.values_list("status", "sequence", "notes", "video_link").get(
        pk=session.pk
    ), TutoringSession.objects.count()


@pytest.mark.parametrize("stranger", [learner, tutor])
def test_every_url_is_404_for_a_stranger(client, session, stranger):
    agreed(session)
    before = unchanged(session)
    client.force_login(stranger())
    for method, url in urls(session):
        data = {"starts_at": START_VALUE, "minutes": "60", "notes": "x"}
        assert getattr(client, method)(url, data).status_code == 404, url
    assert unchanged(session) == before


def test_every_url_is_404_for_a_tutor_the_learner_blocked(client, session):
    agreed(session)
    TutorBlock.objects.create(
        learner=session.request.learner, tutor=session.request.tutor, created_at=NOW
    )
    client.force_login(session.request.tutor)
    for method, url in urls(session):
        assert getattr(client, method)(url).status_code == 404, url
    client.force_login(session.request.learner)
    assert client.get(urls(session)[0][1]).status_code == 200


def test_every_url_sends_visitors_to_sign_in(client, session):
    for method, url in urls(session):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_each_side_sees_times_in_their_own_zone_only(client, session):
    agreed(session)
    page = reverse("courses:sessions", args=[session.request_id])
    client.force_login(session.request.learner)
    learner_page = client.get(page)
    text = learner_page.content.decode()
    assert "base.html" in [t.name for t in learner_page.templates]
    assert "09:00" in text and "Asia/Seoul" in text and "America/New_York" not in text
    assert "달력 파일(.ics)" in text and "https://meet.example.org/x" in text
    client.force_login(session.request.tutor)
    tutor_page = client.get(page)
    text = tutor_page.content.decode()
    assert "courses/tutor/base.html" in [t.name for t in tutor_page.templates]
    assert "19:00" in text and "America/New_York" in text and "Asia/Seoul" not in text
    assert session.request.learner.username not in text


def test_the_learner_proposes_from_the_offered_times_once(client, match):
    client.force_login(match.learner)
    page = reverse("courses:sessions", args=[match.pk])
    assert f'value="{START_VALUE}"' in client.get(page).content.decode()
    data = {"starts_at": START_VALUE, "minutes": "60"}
    assert client.post(page, data).status_code == 302
    again = client.post(page, data)
    assert again.status_code == 200 and "이미 다른 수업이 있습니다" in again.content.decode()
    session = TutoringSession.objects.get()
    assert (session.starts_at, session.proposed_by, session.status) == (
        START,
        match.learner,
        "proposed",
    )


@pytest.mark.parametrize(
    "data",
    [
        {"starts_at": START_VALUE + "\x00", "minutes": "60"},
        {"starts_at": START_VALUE, "minutes": "50"},
        {"starts_at": "2026-12-08T03:00Z", "minutes": "60"},  # 22:00 in New York
        {"starts_at": "2026-12-07T12:00Z", "minutes": "60"},  # now
        {"starts_at": "2026-12-01T00:00Z", "minutes": "60"},  # past
        {"starts_at": "", "minutes": ""},
    ],
)
def test_bad_proposals_show_a_message_and_write_nothing(client, match, data):
    client.force_login(match.learner)
    response = client.post(reverse("courses:sessions", args=[match.pk]), data)
    assert response.status_code == 200
    assert (
        'class="error"' in response.content.decode() or "form-errors" in response.content.decode()
    )
    assert not TutoringSession.objects.exists()


def test_a_learner_gives_no_video_link(client, match):
    client.force_login(match.learner)
    data = {"starts_at": START_VALUE, "minutes": "60", "video_link": "https://x.example"}
    client.post(reverse("courses:sessions", args=[match.pk]), data)
    assert TutoringSession.objects.get().video_link == ""


def test_the_tutor_proposes_with_a_video_link(client, match):
    client.force_login(match.tutor)
    data = {"starts_at": START_VALUE, "minutes": "90", "video_link": "https://meet.example.org/y"}
    assert client.post(reverse("courses:sessions", args=[match.pk]), data).status_code == 302
    assert TutoringSession.objects.get().video_link == "https://meet.example.org/y"


def test_accepting_twice_says_it_was_already_answered(client, session):
    client.force_login(session.request.learner)
    url = reverse("courses:accept_session", args=[session.pk])
    client.post(url)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "이미 답했습니다" in response.content.decode()
    session.refresh_from_db()
    assert (session.status, session.sequence) == ("accepted", 1)


def test_the_proposer_cannot_accept_their_own_proposal(client, session):
    client.force_login(session.request.tutor)
    response = client.post(reverse("courses:accept_session", args=[session.pk]), follow=True)
    assert "other side answers" in response.content.decode()
    assert TutoringSession.objects.get().status == "proposed"


def test_decline_and_cancel(client, session):
    client.force_login(session.request.learner)
    client.post(reverse("courses:decline_session", args=[session.pk]))
    assert TutoringSession.objects.get().status == "declined"
    response = client.post(reverse("courses:cancel_session", args=[session.pk]), follow=True)
    assert "예정되어 있지 않습니다" in response.content.decode()


def test_the_calendar_file_is_private_and_nameless(client, session):
    client.force_login(session.request.learner)
    url = reverse("courses:session_ics", args=[session.pk])
    assert client.get(url).status_code == 404  # not agreed yet
    agreed(session)
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="saebom-session.ics"'
    assert response["Cache-Control"] == "private, no-store"
    assert session.request.learner.username.encode() not in response.content
    assert f"{session.uid}@saebom".encode() in response.content


def test_notes_after_the_start_reach_the_learner(client, session):
    agreed(session)
    client.force_login(session.request.tutor)
    url = reverse("courses:session_notes", args=[session.pk])
    early = client.post(url, {"notes": "Too early."}, follow=True).content.decode()
    assert "once an agreed session has started" in early
    assert TutoringSession.objects.get().notes == ""
    with time_machine.travel(START + timedelta(minutes=70), tick=False):
        bad = client.post(url, {"notes": "Bad\x00"}, follow=True)
        assert TutoringSession.objects.get().notes == ""
        assert "message--error" in bad.content.decode()
        client.post(url, {"notes": "Practise the past tense."})
        client.force_login(session.request.learner)
        page = client.get(reverse("courses:sessions", args=[session.request_id])).content.decode()
    assert "Practise the past tense." in page
    client.force_login(session.request.learner)
    assert client.post(url, {"notes": "mine"}).status_code == 404


def test_the_tutor_may_assign_a_lesson_with_the_learner_chosen(client, session):
    match = session.request
    client.force_login(match.tutor)
    page = client.get(reverse("courses:sessions", args=[match.pk])).content.decode()
    link = (
        f"{reverse('courses:new_assignment', args=[match.classroom_id])}?learner={match.learner_id}"
    )
    assert link in page
    form = client.get(link).context["form"]
    assert form["learner"].value() == match.learner_id


def test_an_ended_match_is_read_only(client, session):
    agreed(session)
    match = session.request
    match.status = "ended"
    match.save()
    client.force_login(match.learner)
    page = client.get(reverse("courses:sessions", args=[match.pk])).content.decode()
    assert "propose-form" not in page and "https://meet.example.org/x" in page
    client.post(
        reverse("courses:sessions", args=[match.pk]), {"starts_at": START_VALUE, "minutes": "60"}
    )
    assert TutoringSession.objects.count() == 1
    assert client.get(reverse("courses:session_ics", args=[session.pk])).status_code == 404


@pytest.mark.parametrize("side", ["learner", "tutor"])
def test_the_page_query_count_is_flat_in_sessions(
    client, match, side, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            TutoringSession.objects.create(
                request=match,
                starts_at=START + timedelta(days=n, hours=1 if n % 2 else 0),
                minutes=30,
                proposed_by=match.tutor,
                status="accepted" if n % 2 else "proposed",
                video_link="https://meet.example.org/z",
                notes="Well done." if n % 3 else "",
                created_at=NOW,
                answered_at=NOW,
            )

    client.force_login(getattr(match, side))
    url = reverse("courses:sessions", args=[match.pk])
    add(1)
    client.get(url)  # the first page of a visit keeps the language in the session
    with django_assert_max_num_queries(12) as one:
        assert client.get(url).status_code == 200
    add(19)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200

"""The calendar file of a session: read back with icalendar, it holds the right times
in UTC, a stable UID, the sequence and the video link, and nothing that identifies
the learner."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from courses.invitations import calendar_file
from courses.models import TutoringSession
from tests.factories.accounts import UserFactory
from tests.factories.tutoring import (
    TutoringSessionFactory,
    TutorProfileFactory,
    TutorRequestFactory,
    accepted_request,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
START = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)


@pytest.fixture
def session():
    learner = UserFactory(username="kim.real.name", email="kim@example.org", first_name="Kim")
    request = accepted_request(learner=learner, pen_name="Spring Swallow")
    TutorProfileFactory(tutor=request.tutor, display_name="Ms Rivera")
    return TutoringSessionFactory(
        request=request,
        starts_at=START,
        minutes=45,
        status=TutoringSession.Status.ACCEPTED,
        sequence=3,
    )


def event_of(data: bytes):
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    return event


def test_the_event_has_utc_times_uid_sequence_and_link(session):
    data = calendar_file(session, for_learner=True, now=NOW)
    event = event_of(data)
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(minutes=45)
    assert b"DTSTART:20261208T000000Z" in data
    assert str(event["UID"]) == f"{session.uid}@saebom"
    assert int(event["SEQUENCE"]) == 3
    assert str(event["URL"]) == "https://meet.example.org/spring"
    assert "https://meet.example.org/spring" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-30)


def test_each_side_reads_a_summary_in_their_language(session):
    learner_event = event_of(calendar_file(session, for_learner=True, now=NOW))
    tutor_event = event_of(calendar_file(session, for_learner=False, now=NOW))
    assert str(learner_event["SUMMARY"]) == "영어 수업: Ms Rivera"
    assert str(tutor_event["SUMMARY"]) == "English session with Spring Swallow"


def test_nothing_identifies_the_learner(session):
    for for_learner in (True, False):
        data = calendar_file(session, for_learner=for_learner, now=NOW)
        for secret in (b"kim.real.name", b"kim@example.org", b"Kim", b"ORGANIZER", b"ATTENDEE"):
            assert secret not in data


def test_a_cancelled_session_keeps_its_uid_and_says_cancelled(session):
    session.status, session.sequence = TutoringSession.Status.CANCELLED, 4
    event = event_of(calendar_file(session, for_learner=True, now=NOW))
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CANCELLED", 4)
    assert str(event["UID"]) == f"{session.uid}@saebom"


def test_a_session_without_a_link_has_no_url():
    request = TutorRequestFactory()
    session = TutoringSessionFactory(request=request, video_link="", starts_at=START)
    event = event_of(calendar_file(session, for_learner=False, now=NOW))
    assert "URL" not in event

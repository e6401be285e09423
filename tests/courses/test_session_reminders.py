"""Session reminders: each side once, at their own reminder hour in their own zone,
never twice however often the sweep runs, never for a cancelled session."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from accounts.models import LearnerProfile
from courses import booking
from courses.session_reminders import claim, send_session_reminders
from courses.tasks import send_session_reminders_task
from progress.models import Notification
from tests.factories.tutoring import TutorProfileFactory, accepted_request

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
START = datetime(2026, 12, 10, 0, 0, tzinfo=UTC)  # Wed 19:00 New York, Thu 09:00 Seoul
LEARNER_HOUR = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)  # Wed 19:00 Seoul
TUTOR_HOUR = datetime(2026, 12, 9, 14, 0, tzinfo=UTC)  # Wed 09:00 New York


@pytest.fixture
def match():
    request = accepted_request()
    request.learner.email = "swallow@example.org"
    request.learner.save()
    TutorProfileFactory(tutor=request.tutor, display_name="Ms Rivera")
    LearnerProfile.objects.filter(user=request.learner).update(
        time_zone="Asia/Seoul", reminder_hour=19, ui_language="ko"
    )
    LearnerProfile.objects.filter(user=request.tutor).update(reminder_hour=9, ui_language="en")
    return request


@pytest.fixture
def session(match):
    proposed = booking.propose_session(
        by=match.tutor, request=match, starts_at=START, minutes=60, video_link="", now=NOW
    )
    return booking.accept_session(by=match.learner, session=proposed, now=NOW)


def sweep_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        send_session_reminders_task()
    return Notification.objects.filter(kind=Notification.Kind.SESSION_REMINDER).count()


def test_each_side_is_reminded_once_at_their_local_hour(session, match):
    assert sweep_at(LEARNER_HOUR - timedelta(minutes=15)) == 0
    assert sweep_at(LEARNER_HOUR) == 1
    assert sweep_at(LEARNER_HOUR + timedelta(minutes=15)) == 1
    assert sweep_at(TUTOR_HOUR - timedelta(minutes=15)) == 1
    assert sweep_at(TUTOR_HOUR) == 2
    for later in (TUTOR_HOUR, TUTOR_HOUR + timedelta(hours=5), START + timedelta(minutes=5)):
        assert sweep_at(later) == 2
    learner_note = Notification.objects.get(learner=match.learner, kind="session_reminder")
    tutor_note = Notification.objects.get(learner=match.tutor, kind="session_reminder")
    assert "2026-12-10 09:00(Asia/Seoul)" in learner_note.text
    assert "Ms Rivera" in learner_note.text and "영어 수업" in learner_note.text
    assert "2026-12-09 19:00 (America/New_York)" in tutor_note.text
    assert match.pen_name in tutor_note.text
    assert match.learner.username not in tutor_note.text


def test_a_cancelled_session_never_reminds(session, match):
    booking.cancel_session(by=match.tutor, session=session, now=NOW)
    for moment in (LEARNER_HOUR, TUTOR_HOUR, START - timedelta(minutes=30)):
        assert sweep_at(moment) == 0


def test_a_session_of_an_ended_match_never_reminds(session, match):
    match.status = "ended"
    match.save()
    assert sweep_at(TUTOR_HOUR) == 0


def test_the_email_goes_after_commit_to_those_with_an_address(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_session_reminders(now=TUTOR_HOUR) == 2
    assert [mail.to for mail in mailoutbox] == [["swallow@example.org"]]
    assert mailoutbox[0].subject == "곧 영어 수업이 있습니다"


def test_a_second_worker_claims_nothing_already_claimed(session):
    assert claim("learner", [session.pk], now=LEARNER_HOUR) == [session.pk]
    assert claim("learner", [session.pk], now=LEARNER_HOUR) == []
    assert claim("tutor", [session.pk], now=TUTOR_HOUR) == [session.pk]


def test_a_sweep_reads_a_bounded_batch(match):
    for day in range(3):
        proposed = booking.propose_session(
            by=match.tutor,
            request=match,
            starts_at=START + timedelta(days=day),
            minutes=30,
            video_link="",
            now=NOW,
        )
        booking.accept_session(by=match.learner, session=proposed, now=NOW)
    assert send_session_reminders(now=START - timedelta(hours=2), batch_size=1) == 2

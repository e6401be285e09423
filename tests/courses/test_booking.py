"""Sessions: when one may start (the tutor's free times, through zones and clock
changes), when each side is reminded, and the writes of courses.booking."""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError

import pytest

from accounts.models import LearnerProfile
from courses import booking
from courses.models import TutorBlock, TutoringSession, TutorRequest
from courses.session_times import fits, reminder_moment, start_choices
from progress.models import Notification
from tests.factories.courses import tutor
from tests.factories.tutoring import TutorProfileFactory, accepted_request

WEEKDAY_EVENINGS = [(day, 19 * 60, 21 * 60) for day in range(5)]
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)  # Monday 07:00 in New York, 21:00 in Seoul
START = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # Monday 19:00 in New York, Tuesday 09:00 in Seoul


# The reminder rule (pure).


def test_seoul_reminder_is_the_evening_before_a_morning_session():
    assert reminder_moment(START, "Asia/Seoul", 19) == datetime(2026, 12, 7, 10, tzinfo=UTC)


def test_new_york_reminder_is_the_same_morning():
    assert reminder_moment(START, "America/New_York", 9) == datetime(2026, 12, 7, 14, tzinfo=UTC)


def test_reminder_exactly_one_hour_before_is_allowed_but_not_less():
    assert reminder_moment(START, "America/New_York", 18) == START - timedelta(hours=1)
    assert reminder_moment(START, "America/New_York", 19) == START - timedelta(days=1)


def test_new_york_reminder_hour_moves_in_utc_across_the_spring_change():
    before = datetime(2027, 3, 13, 23, 0, tzinfo=UTC)  # Saturday 18:00 EST
    after = datetime(2027, 3, 15, 0, 0, tzinfo=UTC)  # Sunday 20:00 EDT
    assert reminder_moment(before, "America/New_York", 9) == datetime(2027, 3, 13, 14, tzinfo=UTC)
    assert reminder_moment(after, "America/New_York", 9) == datetime(2027, 3, 14, 13, tzinfo=UTC)


def test_a_reminder_hour_skipped_by_the_clock_change_comes_just_after_the_gap():
    starts = datetime(2027, 3, 14, 16, 0, tzinfo=UTC)  # 12:00 EDT
    assert reminder_moment(starts, "America/New_York", 2) == datetime(2027, 3, 14, 7, tzinfo=UTC)


def test_an_autumn_hour_that_happens_twice_reminds_at_the_first():
    starts = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)  # 12:00 EST
    assert reminder_moment(starts, "America/New_York", 1) == datetime(2026, 11, 1, 5, tzinfo=UTC)


def test_seoul_has_no_clock_change_all_year():
    summer = datetime(2027, 7, 1, 0, 0, tzinfo=UTC)
    assert reminder_moment(summer, "Asia/Seoul", 19) == datetime(2027, 6, 30, 10, tzinfo=UTC)


# Start times (pure).


def test_start_choices_are_the_half_hours_of_the_next_two_weeks():
    starts = start_choices(WEEKDAY_EVENINGS, "America/New_York", now=NOW)
    assert len(starts) == 10 * 4
    assert starts[:4] == [START + timedelta(minutes=30 * n) for n in range(4)]


def test_start_choices_skip_busy_times_and_follow_the_summer_clock():
    busy = [(START, START + timedelta(hours=1))]
    starts = start_choices(WEEKDAY_EVENINGS, "America/New_York", now=NOW, busy=busy)
    assert starts[:2] == [START + timedelta(hours=1), START + timedelta(minutes=90)]
    summer = start_choices(
        WEEKDAY_EVENINGS, "America/New_York", now=datetime(2027, 7, 5, tzinfo=UTC)
    )
    assert summer[0] == datetime(2027, 7, 5, 23, 0, tzinfo=UTC)  # 19:00 EDT


def test_a_session_fits_only_wholly_inside_a_free_interval():
    assert fits(WEEKDAY_EVENINGS, "America/New_York", START + timedelta(minutes=30), 90)
    assert not fits(WEEKDAY_EVENINGS, "America/New_York", START + timedelta(minutes=45), 90)
    assert not fits(WEEKDAY_EVENINGS, "America/New_York", START - timedelta(minutes=30), 30)


# The writes.


@pytest.fixture
def match(db):
    request = accepted_request()
    TutorProfileFactory(tutor=request.tutor, availability=[list(s) for s in WEEKDAY_EVENINGS])
    LearnerProfile.objects.filter(user=request.tutor).update(reminder_hour=9)
    return request


def propose(match, by=None, **fields):
    values = {"starts_at": START, "minutes": 60, "video_link": "", "now": NOW, **fields}
    return booking.propose_session(by=by or match.learner, request=match, **values)


def refused(call, *args, **kwargs):
    before = list(TutoringSession.objects.values_list("pk", "status", "sequence", "notes"))
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    after = list(TutoringSession.objects.values_list("pk", "status", "sequence", "notes"))
    assert before == after
    return " ".join(error.value.messages)


def test_the_learner_proposes_a_session_in_the_tutors_free_time(match):
    session = propose(match)
    assert (session.status, session.proposed_by, session.minutes) == ("proposed", match.learner, 60)
    assert session.starts_at == START


def test_the_other_side_is_told_of_a_proposal_in_their_language_and_zone(match):
    LearnerProfile.objects.filter(user=match.tutor).update(ui_language="en")
    LearnerProfile.objects.filter(user=match.learner).update(
        ui_language="ko", time_zone="Asia/Seoul"
    )
    propose(match)
    [notice] = Notification.objects.filter(learner=match.tutor)
    assert notice.kind == "session_proposed"
    assert notice.text.startswith(f"{match.pen_name} proposed a session at 2026-12-07 19:00")
    assert "(America/New_York)" in notice.text
    propose(match, by=match.tutor, starts_at=START + timedelta(days=1))
    [notice] = Notification.objects.filter(learner=match.learner)
    assert "2026-12-09 09:00(Asia/Seoul)" in notice.text and "제안했습니다" in notice.text
    assert not Notification.objects.filter(learner=match.tutor, text__contains="09:00").exists()


def test_the_tutor_proposes_with_a_video_link(match):
    session = propose(match, by=match.tutor, video_link="https://meet.example.org/x")
    assert session.video_link == "https://meet.example.org/x"


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"minutes": 50}, "30, 45, 60 or 90"),
        ({"starts_at": START + timedelta(hours=3)}, "free times"),  # 22:00 in New York
        ({"starts_at": START + timedelta(minutes=45), "minutes": 90}, "free times"),
        ({"now": START - timedelta(minutes=30)}, "one hour"),
        ({"now": START - timedelta(days=70)}, "60 days"),
        ({"video_link": "https://meet.example.org/x"}, "Only the tutor"),
    ],
)
def test_bad_proposals_are_refused_with_a_reason(match, fields, words):
    assert words in refused(propose, match, **fields)


def test_a_tutor_link_must_be_https(match):
    assert "https://" in refused(propose, match, by=match.tutor, video_link="http://x.example")


def test_a_stranger_cannot_propose(match):
    assert "not your match" in refused(propose, match, by=tutor())


def test_the_same_proposal_sent_twice_makes_one_session(match):
    propose(match)
    assert "already has a session" in refused(propose, match)
    assert TutoringSession.objects.count() == 1


def test_no_proposal_in_an_ended_or_blocked_match(match):
    TutorBlock.objects.create(learner=match.learner, tutor=match.tutor, created_at=NOW)
    assert "ended" in refused(propose, match)
    TutorBlock.objects.all().delete()
    TutorRequest.objects.filter(pk=match.pk).update(status="ended")
    assert "ended" in refused(propose, match)


def test_accepting_fixes_each_sides_reminder_in_their_own_zone(match):
    session = booking.accept_session(by=match.tutor, session=propose(match), now=NOW)
    assert (session.status, session.sequence, session.answered_at) == ("accepted", 1, NOW)
    assert session.learner_remind_at == datetime(2026, 12, 7, 10, tzinfo=UTC)  # 19:00 Seoul
    assert session.tutor_remind_at == datetime(2026, 12, 7, 14, tzinfo=UTC)  # 09:00 New York


def test_only_the_other_side_answers_once_and_before_the_start(match):
    session = propose(match)
    assert "other side" in refused(
        booking.accept_session, by=match.learner, session=session, now=NOW
    )
    late = START + timedelta(minutes=1)
    assert "started" in refused(booking.accept_session, by=match.tutor, session=session, now=late)
    booking.accept_session(by=match.tutor, session=session, now=NOW)
    stale = "already answered"
    assert stale in refused(booking.accept_session, by=match.tutor, session=session, now=NOW)
    assert stale in refused(booking.decline_session, by=match.tutor, session=session, now=NOW)


def test_declining_and_cancelling_raise_the_sequence(match):
    declined = booking.decline_session(by=match.tutor, session=propose(match), now=NOW)
    assert (declined.status, declined.sequence) == ("declined", 1)
    later = propose(match, starts_at=START + timedelta(days=1))
    booking.accept_session(by=match.tutor, session=later, now=NOW)
    cancelled = booking.cancel_session(by=match.learner, session=later, now=NOW)
    assert (cancelled.status, cancelled.sequence) == ("cancelled", 2)
    assert "no longer planned" in refused(
        booking.cancel_session, by=match.tutor, session=later, now=NOW
    )


def test_the_tutor_changes_the_video_link(match):
    session = booking.accept_session(by=match.tutor, session=propose(match), now=NOW)
    changed = booking.set_video_link(
        tutor=match.tutor, session=session, video_link="https://meet.example.org/new", now=NOW
    )
    assert (changed.video_link, changed.sequence) == ("https://meet.example.org/new", 2)
    assert "Only the tutor" in refused(
        booking.set_video_link, tutor=match.learner, session=session, video_link="", now=NOW
    )


def test_notes_are_written_by_the_tutor_after_the_start(match):
    session = booking.accept_session(by=match.tutor, session=propose(match), now=NOW)
    after = START + timedelta(minutes=70)
    write = booking.write_notes
    assert "started" in refused(write, tutor=match.tutor, session=session, notes="x", now=NOW)
    assert "Only the tutor" in refused(
        write, tutor=match.learner, session=session, notes="x", now=after
    )
    assert "4000" in refused(write, tutor=match.tutor, session=session, notes="x\x00", now=after)
    assert "4000" in refused(write, tutor=match.tutor, session=session, notes="x" * 4001, now=after)
    assert write(tutor=match.tutor, session=session, notes=" Past tense. ", now=after).notes == (
        "Past tense."
    )
    TutorRequest.objects.filter(pk=match.pk).update(status="ended")
    assert "ended" in refused(write, tutor=match.tutor, session=session, notes="y", now=after)


def test_ending_a_match_cancels_its_future_sessions(match):
    booking.accept_session(by=match.tutor, session=propose(match), now=NOW)
    propose(match, starts_at=START + timedelta(days=1))
    assert booking.cancel_open_sessions(request=match, now=NOW) == 2
    assert set(TutoringSession.objects.values_list("status", flat=True)) == {"cancelled"}


def test_of_two_overlapping_proposals_from_two_matches_only_one_is_agreed(match):
    other = accepted_request(tutor=match.tutor)
    first = propose(match)
    TutoringSession.objects.filter(pk=first.pk).update(starts_at=START + timedelta(days=1))
    second = propose(other, by=other.learner, starts_at=START + timedelta(minutes=30))
    TutoringSession.objects.filter(pk=first.pk).update(starts_at=START)  # proposed at once
    booking.accept_session(by=match.tutor, session=first, now=NOW)
    assert "already has a session" in refused(
        booking.accept_session, by=match.tutor, session=second, now=NOW
    )

import threading
from datetime import UTC, datetime, timedelta

from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection

import pytest

from accounts.exceptions import RateLimited
from courses import matching
from courses.classrooms import add_co_tutor
from courses.exceptions import InvalidClassroomCode
from courses.joining import join_classroom
from courses.models import (
    Classroom,
    Membership,
    TutorBlock,
    TutoringSession,
    TutorReport,
    TutorRequest,
)
from progress.models import Notification
from progress.placement_tests import PlacementTest
from tests.factories.accounts import UserFactory, learner
from tests.factories.courses import ClassroomFactory, MembershipFactory, tutor
from tests.factories.tutoring import (
    TutoringSessionFactory,
    TutorProfileFactory,
    TutorRequestFactory,
    accepted_request,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
Status = TutorRequest.Status


@pytest.fixture
def profile():
    return TutorProfileFactory(display_name="Ms Park")


@pytest.fixture
def spring():
    return learner(display_name="Spring", ui_language="ko")


def send(user, profile, pen_name="", message="Hello, I want to practise speaking."):
    return matching.request_tutor(
        learner=user, profile=profile, pen_name=pen_name, message=message, now=NOW
    )


def refusal(call) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.messages


# ---------------------------------------------------------------- requests


def test_a_request_carries_the_pen_name_the_latest_level_and_the_message(spring, profile):
    PlacementTest.objects.create(learner=spring, started_at=NOW, finished_at=NOW, level="A2")
    PlacementTest.objects.create(
        learner=spring, started_at=NOW, finished_at=NOW + timedelta(hours=1), level="B1"
    )
    sent = send(spring, profile, message="  I want to talk.  ")
    assert (sent.pen_name, sent.level, sent.message) == ("Spring", "B1", "I want to talk.")
    assert (sent.status, sent.tutor, sent.created_at) == (Status.PENDING, profile.tutor, NOW)


def test_a_learner_without_a_placement_sends_a_blank_level_and_a_chosen_pen_name(spring, profile):
    sent = send(spring, profile, pen_name="Azalea")
    assert (sent.pen_name, sent.level) == ("Azalea", "")


def test_the_username_is_never_the_pen_name(profile):
    user = learner()
    user.learner_profile.display_name = user.username.upper()
    user.learner_profile.save()
    assert refusal(lambda: send(user, profile)) == ["Choose a pen name that is not your username."]
    assert refusal(lambda: send(user, profile, pen_name=f" {user.username.title()} "))
    assert not TutorRequest.objects.exists()


def test_unlisted_blocked_and_own_profiles_are_refused_alike(spring, profile):
    unknown = refusal(lambda: send(spring, TutorProfileFactory(live=False)))
    TutorBlock.objects.create(learner=spring, tutor=profile.tutor, created_at=NOW)
    assert refusal(lambda: send(spring, profile)) == unknown
    own = TutorProfileFactory()
    assert refusal(lambda: send(own.tutor, own, pen_name="Me")) == unknown
    assert not TutorRequest.objects.exists()


@pytest.mark.parametrize(
    ("pen_name", "message"),
    [
        ("Spring", ""),
        ("Spring", "   "),
        ("Spring", "x" * 501),
        ("Spring", "hello\x00"),
        ("Spr\x00ing", "hello"),
        ("S" * 61, "hello"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(spring, profile, pen_name, message):
    refusal(lambda: send(spring, profile, pen_name=pen_name, message=message))
    assert not TutorRequest.objects.exists()


def test_a_second_send_returns_the_open_request(spring, profile):
    first = send(spring, profile)
    assert send(spring, profile, message="Again") == first
    matching.accept_request(tutor=profile.tutor, request=first, now=NOW)
    assert send(spring, profile, message="Again") == first
    assert TutorRequest.objects.count() == 1


def test_after_a_withdrawal_the_learner_may_ask_again(spring, profile):
    first = send(spring, profile)
    matching.withdraw_request(learner=spring, request=first, now=NOW)
    assert send(spring, profile) != first
    assert TutorRequest.objects.count() == 2


def test_a_send_racing_another_returns_the_one_that_won(spring, profile, monkeypatch):
    full_clean = TutorRequest.full_clean

    def other_send_wins(self, *args, **kwargs):
        full_clean(self, *args, **kwargs)
        TutorRequestFactory(learner=spring, tutor=profile.tutor, pen_name="First")

    monkeypatch.setattr(TutorRequest, "full_clean", other_send_wins)
    sent = send(spring, profile)
    assert sent.pen_name == "First"
    assert TutorRequest.objects.count() == 1


def test_requests_share_a_daily_budget_and_a_refused_one_costs_nothing(spring, settings):
    settings.TUTOR_REQUESTS_PER_DAY = 2
    cache.clear()
    try:
        refusal(lambda: send(spring, TutorProfileFactory(), message=""))
        send(spring, TutorProfileFactory())
        send(spring, TutorProfileFactory())
        with pytest.raises(RateLimited):
            send(spring, TutorProfileFactory())
        assert TutorRequest.objects.count() == 2
    finally:
        cache.clear()


# ---------------------------------------------------------------- answers


def test_accepting_opens_a_one_to_one_classroom_and_tells_the_learner_in_korean(spring, profile):
    sent = send(spring, profile)
    accepted = matching.accept_request(tutor=profile.tutor, request=sent, now=NOW)
    room = accepted.classroom
    assert (accepted.status, accepted.answered_at) == (Status.ACCEPTED, NOW)
    assert (room.name, room.tutor) == ("Spring (one to one)", profile.tutor)
    member = Membership.objects.current().get(classroom=room)
    assert (member.learner, member.joined_at) == (spring, NOW)
    notice = Notification.objects.get(learner=spring)
    assert notice.kind == Notification.Kind.TUTOR_MATCH
    assert "Ms Park" in notice.text
    assert "받아들였습니다" in notice.text


def test_only_the_tutor_asked_answers_and_only_once(spring, profile):
    sent = send(spring, profile)
    assert refusal(lambda: matching.accept_request(tutor=tutor(), request=sent, now=NOW))
    assert refusal(lambda: matching.decline_request(tutor=tutor(), request=sent, now=NOW))
    matching.accept_request(tutor=profile.tutor, request=sent, now=NOW)
    assert refusal(lambda: matching.accept_request(tutor=profile.tutor, request=sent, now=NOW))
    assert refusal(lambda: matching.decline_request(tutor=profile.tutor, request=sent, now=NOW))
    assert Classroom.objects.count() == 1
    assert Notification.objects.count() == 1


def test_a_tutor_takes_no_more_learners_than_the_profile_allows(profile):
    profile.capacity = 1
    profile.save()
    first, second = (send(learner(), profile) for _ in range(2))
    matching.accept_request(tutor=profile.tutor, request=first, now=NOW)
    assert refusal(lambda: matching.accept_request(tutor=profile.tutor, request=second, now=NOW))
    second.refresh_from_db()
    assert second.status == Status.PENDING
    assert Classroom.objects.count() == 1


def test_a_tutor_the_learner_blocked_cannot_accept(spring, profile):
    sent = send(spring, profile)
    TutorBlock.objects.create(learner=spring, tutor=profile.tutor, created_at=NOW)
    assert refusal(lambda: matching.accept_request(tutor=profile.tutor, request=sent, now=NOW))
    assert not Classroom.objects.exists()


def test_declining_tells_the_learner_kindly(spring, profile):
    sent = send(spring, profile)
    declined = matching.decline_request(tutor=profile.tutor, request=sent, now=NOW)
    assert (declined.status, declined.answered_at) == (Status.DECLINED, NOW)
    notice = Notification.objects.get(learner=spring, kind=Notification.Kind.TUTOR_MATCH)
    assert "Ms Park" in notice.text
    assert "다른 선생님" in notice.text
    assert not Classroom.objects.exists()


def test_only_the_learner_withdraws_and_only_a_pending_request(spring, profile):
    sent = send(spring, profile)
    assert refusal(lambda: matching.withdraw_request(learner=learner(), request=sent, now=NOW))
    matching.withdraw_request(learner=spring, request=sent, now=NOW)
    sent.refresh_from_db()
    assert (sent.status, sent.ended_at) == (Status.WITHDRAWN, NOW)
    assert refusal(lambda: matching.withdraw_request(learner=spring, request=sent, now=NOW))


# ---------------------------------------------------------------- ending


@pytest.mark.parametrize("side", ["learner", "tutor"])
def test_either_side_ends_a_match_and_the_sessions_to_come_are_cancelled(side):
    match = accepted_request()
    coming = TutoringSessionFactory(request=match, starts_at=NOW + timedelta(days=2))
    agreed = TutoringSessionFactory(
        request=match, starts_at=NOW + timedelta(days=3), status=TutoringSession.Status.ACCEPTED
    )
    held = TutoringSessionFactory(
        request=match, starts_at=NOW - timedelta(days=3), status=TutoringSession.Status.ACCEPTED
    )
    matching.end_match(by=getattr(match, side), request=match, now=NOW)
    match.refresh_from_db()
    assert (match.status, match.ended_at) == (Status.ENDED, NOW)
    assert not Membership.objects.current().filter(classroom=match.classroom).exists()
    statuses = {s.pk: (s.status, s.sequence) for s in TutoringSession.objects.all()}
    assert statuses[coming.pk] == (TutoringSession.Status.CANCELLED, 1)
    assert statuses[agreed.pk] == (TutoringSession.Status.CANCELLED, 1)
    assert statuses[held.pk] == (TutoringSession.Status.ACCEPTED, 0)
    told = Notification.objects.filter(learner=match.learner).exists()
    assert told == (side == "tutor")


def test_a_stranger_cannot_end_a_match_and_an_ended_one_stays_ended():
    match = accepted_request()
    assert refusal(lambda: matching.end_match(by=learner(), request=match, now=NOW))
    assert refusal(lambda: matching.end_match(by=tutor(), request=match, now=NOW))
    matching.end_match(by=match.learner, request=match, now=NOW)
    assert refusal(lambda: matching.end_match(by=match.learner, request=match, now=NOW))
    pending = TutorRequestFactory()
    assert refusal(lambda: matching.end_match(by=pending.learner, request=pending, now=NOW))


# ---------------------------------------------------------------- blocking


def test_blocking_ends_everything_the_tutor_could_see(spring):
    teacher = tutor()
    pending = TutorRequestFactory(learner=spring, tutor=teacher)
    other = TutorRequestFactory(learner=spring)
    taught = MembershipFactory(learner=spring, classroom=ClassroomFactory(tutor=teacher))
    co_taught_room = ClassroomFactory()
    co_taught_room.co_tutors.add(teacher)
    co_taught = MembershipFactory(learner=spring, classroom=co_taught_room)
    elsewhere = MembershipFactory(learner=spring)
    matching.block_tutor(learner=spring, tutor=teacher, now=NOW)
    pending.refresh_from_db()
    other.refresh_from_db()
    assert (pending.status, other.status) == (Status.WITHDRAWN, Status.PENDING)
    current = set(Membership.objects.current().values_list("pk", flat=True))
    assert taught.pk not in current and co_taught.pk not in current
    assert elsewhere.pk in current
    assert not TutorRequest.objects.seen_by(teacher).exists()
    assert not Membership.objects.visible_learners(teacher).filter(learner=spring).exists()


def test_blocking_ends_an_accepted_match_and_twice_changes_nothing():
    match = accepted_request()
    session = TutoringSessionFactory(request=match, starts_at=NOW + timedelta(days=1))
    first = matching.block_tutor(learner=match.learner, tutor=match.tutor, now=NOW)
    later = NOW + timedelta(hours=1)
    assert matching.block_tutor(learner=match.learner, tutor=match.tutor, now=later) == first
    match.refresh_from_db()
    session.refresh_from_db()
    assert (match.status, match.ended_at) == (Status.ENDED, NOW)
    assert session.status == TutoringSession.Status.CANCELLED
    assert TutorBlock.objects.count() == 1


@pytest.mark.parametrize("as_co_tutor", [False, True])
def test_a_learner_cannot_join_a_classroom_of_a_tutor_they_blocked(spring, as_co_tutor):
    teacher = tutor()
    room = ClassroomFactory() if as_co_tutor else ClassroomFactory(tutor=teacher)
    if as_co_tutor:
        room.co_tutors.add(teacher)
    TutorBlock.objects.create(learner=spring, tutor=teacher, created_at=NOW)
    with pytest.raises(InvalidClassroomCode):
        join_classroom(learner=spring, code=room.join_code, now=NOW)
    assert not Membership.objects.filter(learner=spring).exists()
    assert join_classroom(learner=learner(), code=room.join_code, now=NOW)


def test_a_tutor_a_learner_blocked_is_never_made_co_tutor_of_their_classroom(spring):
    teacher, room = tutor(), ClassroomFactory()
    MembershipFactory(classroom=room, learner=spring)
    TutorBlock.objects.create(learner=spring, tutor=teacher, created_at=NOW)
    with pytest.raises(ValidationError, match="cannot be added"):
        add_co_tutor(classroom=room, username=teacher.username)
    assert not room.co_tutors.exists()
    other = ClassroomFactory()
    add_co_tutor(classroom=other, username=teacher.username)
    assert list(other.co_tutors.all()) == [teacher]


# ---------------------------------------------------------------- reports


@pytest.fixture
def editors():
    """An editor and a moderator with addresses, an editor without one, a tutor with one."""
    UserFactory(groups=["Editors"], email="editor@example.org")
    UserFactory(groups=["Moderators"], email="moderator@example.org")
    UserFactory(groups=["Editors"], email="")
    tutor(email="tutor@example.org")


def report(user, teacher, **fields):
    values = {"reason": TutorReport.Reason.MONEY, "text": "Asked me to send money.", **fields}
    return matching.report_tutor(learner=user, tutor=teacher, now=NOW, **values)


def test_a_report_reaches_the_editors_without_naming_the_learner(
    editors, django_capture_on_commit_callbacks
):
    sent = TutorRequestFactory(
        learner=learner(user__email="spring@example.org"), tutor=TutorProfileFactory().tutor
    )
    with django_capture_on_commit_callbacks(execute=True):
        made = report(sent.learner, sent.tutor)
    assert (made.reason, made.created_at, made.resolved_at) == ("money", NOW, None)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["editor@example.org", "moderator@example.org"]
    assert sent.tutor.username in message.body
    assert f"/admin/tutor_reports/edit/{made.pk}/" in message.body
    for secret in (sent.learner.username, "spring@example.org", "send money", sent.pen_name):
        assert secret not in message.body + message.subject


def test_a_report_may_block_too():
    sent = accepted_request()
    report(sent.learner, sent.tutor, block=True)
    assert TutorBlock.objects.filter(learner=sent.learner, tutor=sent.tutor).exists()
    sent.refresh_from_db()
    assert sent.status == Status.ENDED


def test_a_report_is_only_about_a_tutor_the_learner_asked(spring):
    assert refusal(lambda: report(spring, tutor()))
    assert not TutorReport.objects.exists()


@pytest.mark.parametrize(
    "fields", [{"text": "x" * 2001}, {"text": "bad\x00"}, {"reason": "made-up"}]
)
def test_a_bad_report_is_refused_and_blocks_nobody(fields):
    sent = TutorRequestFactory()
    refusal(lambda: report(sent.learner, sent.tutor, block=True, **fields))
    assert not TutorReport.objects.exists()
    assert not TutorBlock.objects.exists()


def test_reports_share_a_daily_budget(settings):
    settings.TUTOR_REPORTS_PER_DAY = 1
    cache.clear()
    try:
        sent = TutorRequestFactory()
        report(sent.learner, sent.tutor)
        with pytest.raises(RateLimited):
            report(sent.learner, sent.tutor)
        assert TutorReport.objects.count() == 1
    finally:
        cache.clear()


# ---------------------------------------------------------------- races (PostgreSQL)

RACE = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def all_at_once(*calls) -> list:
    """Run each call in its own thread and connection, released together; what each
    returned or raised, in order."""
    start, outcomes = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the caller looks at it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@RACE
def test_the_same_request_sent_twice_at_once_makes_one_row(postgres):
    spring, profile = learner(display_name="Spring"), TutorProfileFactory()
    outcomes = all_at_once(*[lambda: send(spring, profile)] * 2)
    assert all(isinstance(outcome, TutorRequest) for outcome in outcomes), outcomes
    assert outcomes[0].pk == outcomes[1].pk
    assert TutorRequest.objects.count() == 1


@RACE
def test_two_accepts_at_once_keep_to_the_capacity(postgres):
    profile = TutorProfileFactory(capacity=1)
    first, second = (TutorRequestFactory(tutor=profile.tutor) for _ in range(2))
    outcomes = all_at_once(
        lambda: matching.accept_request(tutor=profile.tutor, request=first, now=NOW),
        lambda: matching.accept_request(tutor=profile.tutor, request=second, now=NOW),
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "TutorRequest",
        "ValidationError",
    ]
    assert TutorRequest.objects.filter(status=Status.ACCEPTED).count() == 1
    assert Classroom.objects.count() == 1


@RACE
def test_an_accept_and_a_withdrawal_at_once_leave_one_answer(postgres):
    sent = TutorRequestFactory(tutor=TutorProfileFactory().tutor)
    outcomes = all_at_once(
        lambda: matching.accept_request(tutor=sent.tutor, request=sent, now=NOW),
        lambda: matching.withdraw_request(learner=sent.learner, request=sent, now=NOW),
    )
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1
    sent.refresh_from_db()
    assert Classroom.objects.count() == (1 if sent.status == Status.ACCEPTED else 0)

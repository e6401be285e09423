from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses import digest
from courses.digest import late_work, notify_tutors_overdue
from courses.models import Assignment
from courses.tasks import notify_tutors_overdue_task
from progress.models import Notification, SentMarker
from tests.factories.accounts import LearnerProfileFactory, learner
from tests.factories.courses import AssignmentFactory, MembershipFactory, tutor
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import LessonProgressFactory

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
NEW_YORK = "America/New_York"
# Factories, auto-dated rows and views read the clock: held at NOW, they agree with
# the dates these tests set.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def late_assignment(name="Sparrow"):
    assignment = AssignmentFactory(starts_on=date(2026, 11, 1), due_on=date(2026, 11, 10))
    MembershipFactory(
        classroom=assignment.classroom,
        learner=learner(display_name=name),
        joined_at=NOW - timedelta(days=30),
    )
    return assignment


@pytest.fixture
def emailed(monkeypatch):
    """The digest texts written for email, the only place that names learners."""
    texts = []

    def keep(rows):
        texts.append(written(rows))
        return texts[-1]

    written = digest.digest_text
    monkeypatch.setattr(digest, "digest_text", keep)
    return texts


def digests_of(user):
    return Notification.objects.filter(learner=user, kind=Notification.Kind.TUTOR_DIGEST)


def test_a_tutor_hears_once_a_day_who_is_late_on_what(emailed):
    assignment = late_assignment()
    assert notify_tutors_overdue(now=NOW) == 1
    assert notify_tutors_overdue(now=NOW + timedelta(hours=1)) == 0
    (notice,) = digests_of(assignment.classroom.tutor)
    assert "Sparrow" not in notice.text and ": 1." in notice.text  # counted, never named
    (text,) = emailed
    assert "Sparrow" in text and assignment.lesson.title in text


def test_co_tutors_get_their_own_digest():
    assignment = late_assignment()
    helper = tutor()
    assignment.classroom.co_tutors.add(helper)
    assert notify_tutors_overdue(now=NOW, batch_size=1) == 2
    assert digests_of(helper).count() == 1


def test_no_digest_when_every_learner_is_on_time():
    assignment = late_assignment()
    membership = assignment.classroom.memberships.get()
    LessonProgressFactory(
        learner=membership.learner, lesson=assignment.lesson, started_at=NOW,
        last_activity_at=NOW, completed_at=NOW,
    )  # fmt: skip
    assert notify_tutors_overdue(now=NOW) == 0
    assert not digests_of(assignment.classroom.tutor).exists()


def test_a_learner_who_left_is_not_in_the_digest():
    assignment = late_assignment()
    assignment.classroom.memberships.update(left_at=NOW - timedelta(days=1))
    assert notify_tutors_overdue(now=NOW) == 0


def test_the_task_sends_the_digests():
    assignment = late_assignment()
    notify_tutors_overdue_task()
    notify_tutors_overdue_task()
    assert digests_of(assignment.classroom.tutor).count() == 1


def test_the_digest_counts_each_learners_due_day_where_they_live(emailed):
    # Due on Friday: over at 15:00 UTC in Seoul, at 05:00 UTC on Saturday in New York.
    work = AssignmentFactory(starts_on=date(2026, 11, 1), due_on=date(2026, 11, 20))
    keep = AssignmentFactory(
        classroom=work.classroom, kind=Assignment.Kind.KEEP, starts_on=date(2026, 11, 1),
        due_on=date(2026, 11, 20), lesson=LessonPageFactory(words=[VocabularyItemFactory()]),
    )  # fmt: skip
    for name, zone in (("Seoul", "Asia/Seoul"), ("New York", NEW_YORK)):
        MembershipFactory(
            classroom=work.classroom, learner=learner(display_name=name, time_zone=zone),
            joined_at=NOW - timedelta(days=30),
        )  # fmt: skip
    tutor_of = work.classroom.tutor
    LearnerProfileFactory(user=tutor_of, time_zone=NEW_YORK)  # one digest per New York day
    late = f"0 words overdue, 0 due now; late work: {work.lesson.title}, {keep.lesson.title}"
    assert notify_tutors_overdue(now=datetime(2026, 11, 20, 14, 59, 59, tzinfo=UTC)) == 0
    assert notify_tutors_overdue(now=datetime(2026, 11, 20, 15, 0, 1, tzinfo=UTC)) == 1
    (friday,) = emailed
    assert f"Seoul: {late}" in friday and "New York" not in friday
    eve = late_work([work.classroom], datetime(2026, 11, 21, 4, 59, 59, tzinfo=UTC))
    assert sorted(eve[work.classroom.pk].values()) == [
        ("New York", []),
        ("Seoul", [work.lesson.title, keep.lesson.title]),
    ]
    assert notify_tutors_overdue(now=datetime(2026, 11, 21, 5, 0, 1, tzinfo=UTC)) == 1
    saturday = emailed[-1]
    assert f"Seoul: {late}" in saturday and f"New York: {late}" in saturday


def test_the_sweeps_reads_do_not_grow_with_a_tutors_classrooms():
    """late_work reads all of a batch's classrooms together; one email per tutor."""
    first = late_assignment()

    def more_classrooms(count):
        for _ in range(count):
            room = AssignmentFactory(
                classroom__tutor=first.classroom.tutor,
                starts_on=date(2026, 11, 1),
                due_on=date(2026, 11, 10),
            ).classroom
            MembershipFactory(classroom=room, joined_at=NOW - timedelta(days=30))

    def queries():
        SentMarker.objects.all().delete()  # so that today's digest goes out again
        with CaptureQueriesContext(connection) as seen:
            assert notify_tutors_overdue(now=NOW) == 1
        return len(seen)

    more_classrooms(1)
    few = queries()
    more_classrooms(4)
    assert queries() == few

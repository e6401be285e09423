from datetime import UTC, datetime, timedelta

from django.core import mail

import pytest

from courses.digest import Backlog, DigestRow, review_backlogs, send_tutor_digest
from progress.models import Notification
from progress.recording import record_review
from tests.factories.accounts import UserFactory, learner
from tests.factories.progress import ReviewCardFactory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def test_backlogs_count_overdue_and_due_cards_in_one_query(django_assert_num_queries):
    busy, idle, nothing = learner(), learner(), learner()
    ReviewCardFactory.create_batch(2, learner=busy, due=NOW - timedelta(days=3))
    ReviewCardFactory(learner=busy, due=NOW - timedelta(hours=2))
    ReviewCardFactory(learner=idle, due=NOW + timedelta(days=3))
    card = ReviewCardFactory(learner=busy, due=NOW - timedelta(days=9))
    record_review(card_id=card.pk, rating=4, reviewed_at=NOW - timedelta(hours=1),
                  duration_ms=1, source="web", external_id="r", now=NOW)  # fmt: skip
    with django_assert_num_queries(1):
        backlogs = review_backlogs([busy.pk, idle.pk, nothing.pk], now=NOW)
    assert backlogs[busy.pk].overdue == 2
    assert backlogs[busy.pk].due_now == 3
    assert backlogs[busy.pk].last_review == NOW - timedelta(hours=1)
    assert backlogs[idle.pk] == Backlog(0, 0, None)
    assert nothing.pk not in backlogs


def rows():
    return [
        DigestRow("Sparrow", Backlog(overdue=12, due_now=20), ("Lesson 3 homework",)),
        DigestRow("Crane", Backlog(overdue=0, due_now=2)),
    ]


def test_a_tutor_gets_one_digest_a_day_however_often_it_is_sent(
    django_capture_on_commit_callbacks,
):
    tutor = learner(user=UserFactory(email="tutor@example.org"), time_zone="Asia/Seoul")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_tutor_digest(tutor=tutor, rows=rows(), now=NOW)
        assert not send_tutor_digest(tutor=tutor, rows=rows(), now=NOW + timedelta(hours=5))
    digests = Notification.objects.filter(learner=tutor, kind=Notification.Kind.TUTOR_DIGEST)
    assert digests.count() == 1
    assert "Sparrow" not in digests[0].text and ": 1." in digests[0].text
    assert [m.to for m in mail.outbox] == [["tutor@example.org"]]
    body = mail.outbox[0].body
    assert "Sparrow: 12 words overdue, 20 due now; late work: Lesson 3 homework" in body
    assert "Crane" not in body  # nothing needs attention there
    assert send_tutor_digest(tutor=tutor, rows=rows(), now=NOW + timedelta(days=1))


def test_no_digest_when_no_learner_needs_attention():
    tutor = learner()
    quiet = [DigestRow("Crane", Backlog(overdue=0, due_now=4))]
    assert not send_tutor_digest(tutor=tutor, rows=quiet, now=NOW)
    assert not Notification.objects.exists()

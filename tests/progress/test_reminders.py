from datetime import UTC, datetime, timedelta

from django.core import mail
from django.utils import timezone

import pytest
import time_machine

from progress.models import Notification, SentMarker
from progress.reminders import send_review_reminders
from tests.factories.accounts import UserFactory, learner
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db


def learner_with_due_cards(time_zone, *, hour=19, email=""):
    user = learner(time_zone=time_zone, reminder_hour=hour, user=UserFactory(email=email))
    ReviewCardFactory(learner=user, due=datetime(2026, 1, 1, tzinfo=UTC))
    return user


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        return send_review_reminders(now=timezone.now())


def reminders_of(user):
    return Notification.objects.filter(learner=user, kind=Notification.Kind.REVIEW_REMINDER)


def test_a_learner_is_reminded_once_their_local_hour_has_come():
    seoul = learner_with_due_cards("Asia/Seoul")  # 19:00 in Seoul is 10:00 UTC
    run_at(datetime(2026, 3, 2, 9, 59, tzinfo=UTC))
    assert reminders_of(seoul).count() == 0
    run_at(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert reminders_of(seoul).count() == 1


def test_running_twice_in_one_local_day_reminds_once_and_the_next_day_again():
    seoul = learner_with_due_cards("Asia/Seoul")
    for moment in ("2026-03-02T10:00Z", "2026-03-02T10:15Z", "2026-03-02T14:59Z"):
        run_at(datetime.fromisoformat(moment))
    assert reminders_of(seoul).count() == 1
    run_at(datetime(2026, 3, 2, 15, 0, tzinfo=UTC))  # 00:00 in Seoul: a new day, before 19:00
    assert reminders_of(seoul).count() == 1
    run_at(datetime(2026, 3, 3, 10, 0, tzinfo=UTC))
    assert reminders_of(seoul).count() == 2
    assert set(SentMarker.objects.values_list("local_date", flat=True)) == {
        datetime(2026, 3, 2).date(), datetime(2026, 3, 3).date(),
    }  # fmt: skip


def test_time_zones_are_reminded_at_their_own_hour():
    seoul = learner_with_due_cards("Asia/Seoul")
    new_york = learner_with_due_cards("America/New_York")  # 19:00 EST is 00:00 UTC next day
    run_at(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert (reminders_of(seoul).count(), reminders_of(new_york).count()) == (1, 0)
    run_at(datetime(2026, 3, 3, 0, 0, tzinfo=UTC))
    assert (reminders_of(seoul).count(), reminders_of(new_york).count()) == (1, 1)


def test_the_reminder_follows_the_local_hour_across_the_end_of_daylight_saving_time():
    new_york = learner_with_due_cards("America/New_York")
    # Saturday 31 October 2026, EDT (UTC-4): 19:00 local is 23:00 UTC.
    run_at(datetime(2026, 10, 31, 22, 59, tzinfo=UTC))
    assert reminders_of(new_york).count() == 0
    run_at(datetime(2026, 10, 31, 23, 0, tzinfo=UTC))
    assert reminders_of(new_york).count() == 1
    # Sunday 1 November 2026, EST (UTC-5) from 02:00: 19:00 local is 00:00 UTC on the 2nd.
    run_at(datetime(2026, 11, 1, 23, 30, tzinfo=UTC))  # 18:30 EST
    assert reminders_of(new_york).count() == 1
    run_at(datetime(2026, 11, 2, 0, 0, tzinfo=UTC))
    run_at(datetime(2026, 11, 2, 0, 15, tzinfo=UTC))
    assert reminders_of(new_york).count() == 2


def test_the_reminder_follows_the_local_hour_across_the_start_of_daylight_saving_time():
    new_york = learner_with_due_cards("America/New_York", hour=8)
    run_at(datetime(2026, 3, 7, 13, 0, tzinfo=UTC))  # Saturday 08:00 EST
    run_at(datetime(2026, 3, 8, 11, 59, tzinfo=UTC))  # Sunday 07:59 EDT
    assert reminders_of(new_york).count() == 1
    run_at(datetime(2026, 3, 8, 12, 0, tzinfo=UTC))  # Sunday 08:00 EDT
    assert reminders_of(new_york).count() == 2


def test_learners_with_nothing_due_are_not_reminded():
    user = learner(time_zone="Asia/Seoul")
    ReviewCardFactory(learner=user, due=datetime(2026, 4, 1, tzinfo=UTC))
    run_at(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    assert reminders_of(user).count() == 0


def test_an_email_goes_only_to_learners_who_gave_an_address(django_capture_on_commit_callbacks):
    with_email = learner_with_due_cards("Asia/Seoul", email="kim@example.org")
    without = learner_with_due_cards("Asia/Seoul")
    with django_capture_on_commit_callbacks(execute=True):
        run_at(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    assert reminders_of(with_email).count() == reminders_of(without).count() == 1


def test_a_pass_reminds_at_most_its_batch_size():
    for _ in range(3):
        learner_with_due_cards("Asia/Seoul")
    moment = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        assert send_review_reminders(now=timezone.now(), batch_size=2) == 2
        assert send_review_reminders(now=timezone.now() + timedelta(minutes=15)) == 1


def test_each_learner_is_reminded_in_their_own_language(django_capture_on_commit_callbacks):
    korean = learner(time_zone="UTC", ui_language="ko", user=UserFactory(email="ko@example.org"))
    english = learner(time_zone="UTC", ui_language="en", user=UserFactory(email="en@example.org"))
    for user in (korean, english):
        ReviewCardFactory(learner=user, due=datetime(2026, 1, 1, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert run_at(datetime(2026, 3, 2, 19, 0, tzinfo=UTC)) == 2
    texts = {n.learner_id: n.text for n in Notification.objects.all()}
    assert texts[english.pk].startswith("Your words are waiting")
    assert texts[korean.pk] != texts[english.pk] and "단어" in texts[korean.pk]
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["en@example.org"] == "Time to review your words"
    assert subjects["ko@example.org"] != subjects["en@example.org"]

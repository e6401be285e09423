"""Every periodic task in the beat schedule is safe to run twice: a second run, right
after the first (a second beat, a redelivered message, two workers), changes
nothing the first did not. Each case makes work for its task and names what the
task's work leaves behind; the test runs the task twice and compares."""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.module_loading import import_string

import pytest
import time_machine
from axes.models import AccessLog

from accounts.models import LearnerProfile
from cms.models import Heartbeat
from courses import booking, voice_recordings
from hub.models import ResourcePage
from lessons.audio.models import SpokenText
from progress import recording
from progress.models import AnkiImport, LearnerStats, Notification, ParameterFit, ReviewLog
from tests.courses.test_digest import late_assignment
from tests.courses.test_session_reminders import LEARNER_HOUR, START
from tests.courses.test_session_reminders import NOW as AGREED
from tests.factories.accounts import UserFactory, learner
from tests.factories.hub import ResourcePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import ReviewCardFactory
from tests.factories.tutoring import TutorProfileFactory, accepted_request
from tests.progress.test_fitting import TRUTH, simulate
from tests.progress.test_parameter_fits import store_history
from tests.progress.test_tasks import dead_import

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    make_work: Callable[[], None]
    left_behind: Callable[[], object]  # what the work leaves: equal after one run and two
    moment: datetime = NOW  # when the task runs


def notes(kind: str) -> Callable[[], tuple[int, int]]:
    return lambda: (Notification.objects.filter(kind=kind).count(), len(mail.outbox))


def due_learner() -> None:
    user = learner(time_zone="UTC", reminder_hour=0, user__email="swallow@example.org")
    ReviewCardFactory(learner=user, due=NOW - timedelta(days=1))


def accepted_session() -> None:
    """A session in the tutor's free time; the task runs at the learner's reminder
    hour on the day before it."""
    request = accepted_request()
    TutorProfileFactory(tutor=request.tutor)
    LearnerProfile.objects.filter(user=request.learner).update(
        time_zone="Asia/Seoul", reminder_hour=19
    )
    proposed = booking.propose_session(
        by=request.tutor, request=request, starts_at=START, minutes=60, video_link="", now=AGREED
    )
    booking.accept_session(by=request.learner, session=proposed, now=AGREED)


def reviewed_learner() -> None:
    card = ReviewCardFactory(learner=learner(), due=NOW)
    recording.record_review(
        card_id=card.pk,
        rating=3,
        reviewed_at=NOW - timedelta(days=1),
        duration_ms=None,
        source=ReviewLog.Source.WEB,
        external_id="web-once",
    )


def stale_entry() -> None:
    UserFactory(groups=["Editors"], email="editor@example.org")
    ResourcePageFactory(last_verified=NOW.date() - timedelta(days=400))


def stray_recording() -> None:
    name = default_storage.save("voice-recordings/stray.webm", ContentFile(b"webm"))
    old = (NOW - 2 * voice_recordings.STRAY_AFTER).timestamp()
    os.utime(default_storage.path(name), (old, old))


def old_access_record() -> None:
    with time_machine.travel(NOW - timedelta(days=settings.AXES_RECORDS_KEEP_DAYS + 1)):
        AccessLog.objects.create(username="old", ip_address="203.0.113.9", user_agent="Phone")


def flagged_entries() -> list:
    return list(ResourcePage.objects.values_list("stale_flagged_for", flat=True))


def stray_files() -> int:
    _dirs, files = default_storage.listdir("voice-recordings")
    return len(files)


CASES = {
    "cms.tasks.record_heartbeat_task": Case(lambda: None, lambda: Heartbeat.objects.count()),
    "progress.tasks.send_review_reminders_task": Case(due_learner, notes("review_reminder")),
    "courses.tasks.send_session_reminders_task": Case(
        accepted_session, notes("session_reminder"), moment=LEARNER_HOUR
    ),
    "progress.tasks.refresh_learner_stats_task": Case(
        reviewed_learner,
        lambda: list(LearnerStats.objects.values_list("learner", "reviews_7_days", "due_7_days")),
    ),
    "progress.tasks.fit_learner_parameters_task": Case(
        lambda: store_history(learner(time_zone="UTC"), simulate(TRUTH, cards=120, days=120)),
        lambda: ParameterFit.objects.count(),
    ),
    "progress.tasks.sweep_anki_work_task": Case(
        lambda: dead_import(learner()),
        lambda: list(AnkiImport.objects.values_list("status", "requeues", "upload")),
    ),
    "courses.tasks.notify_tutors_overdue_task": Case(late_assignment, notes("tutor_digest")),
    "courses.tasks.delete_stray_voice_recordings_task": Case(stray_recording, stray_files),
    "cms.tasks.prune_access_records_task": Case(old_access_record, AccessLog.objects.count),
    "lessons.tasks.render_missing_audio_task": Case(
        lambda: LessonPageFactory(words=[VocabularyItemFactory(headword="bread", example_en="")]),
        lambda: SpokenText.objects.count(),
    ),
    "hub.tasks.flag_stale_resources_task": Case(
        stale_entry, lambda: (len(mail.outbox), flagged_entries())
    ),
}


def test_every_entry_of_the_beat_schedule_has_a_case():
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_periodic_task_run_twice_does_its_work_once(
    name, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    case, task = CASES[name], import_string(name)
    with time_machine.travel(case.moment, tick=False):
        case.make_work()
        before = case.left_behind()
        with django_capture_on_commit_callbacks(execute=True):
            task()
        once = case.left_behind()
        with django_capture_on_commit_callbacks(execute=True):
            task()
        assert case.left_behind() == once
    assert once != before

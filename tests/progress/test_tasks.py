"""A real Celery worker on Redis runs each periodic task of the progress app."""

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

import pytest
from kombu import Connection

from progress.anki.sweeping import INTERRUPTED_AFTER
from progress.models import AnkiImport, LearnerStats, Notification, ParameterFit
from progress.tasks import (
    fit_learner_parameters_task,
    refresh_learner_stats_task,
    send_review_reminders_task,
    sweep_anki_work_task,
)
from tests.factories.accounts import learner
from tests.factories.progress import ReviewCardFactory
from tests.progress.test_fitting import TRUTH, simulate
from tests.progress.test_parameter_fits import store_history
from tests.support.workers import celery_worker, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.services,
]
PERIODIC = {
    "progress.tasks.send_review_reminders_task": 15 * 60,
    "progress.tasks.refresh_learner_stats_task": 24 * 3600,
    "progress.tasks.fit_learner_parameters_task": 24 * 3600,
    "progress.tasks.sweep_anki_work_task": 15 * 60,
}


def test_each_periodic_task_is_in_the_beat_schedule_and_expires_within_its_period():
    entries = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    for task, period in PERIODIC.items():
        assert 0 < entries[task]["options"]["expires"] <= period


def dead_import(user) -> AnkiImport:
    """An import a killed worker left running, its upload still on disk."""
    path = default_storage.save("anki-uploads/dead.apkg", ContentFile(b"x"))
    started = timezone.now() - 2 * INTERRUPTED_AFTER  # dead by any worker's clock
    running = AnkiImport.Status.RUNNING
    return AnkiImport.objects.create(learner=user, upload=path, status=running, started_at=started)


def test_a_worker_on_redis_runs_each_periodic_task(tmp_path, redis_url, settings):
    settings.MEDIA_ROOT = tmp_path / "test-media"  # where the worker with this var dir looks
    user = learner(time_zone="UTC", reminder_hour=0)  # the reminder hour has always come
    # The worker runs in its own process on the real clock: the card is due by it.
    ReviewCardFactory(learner=user, due=timezone.now() - timedelta(days=1))
    fitted = learner(time_zone="UTC")
    store_history(fitted, simulate(TRUTH, cards=120, days=120))
    dead = dead_import(learner())
    with celery_worker(var_dir=tmp_path, redis_url=redis_url) as queue:
        with Connection(redis_url) as conn:
            for task in (send_review_reminders_task, refresh_learner_stats_task,
                         fit_learner_parameters_task, sweep_anki_work_task):  # fmt: skip
                task.apply_async(queue=queue, connection=conn)
        assert wait_for(lambda: Notification.objects.filter(learner=user).exists())
        assert wait_for(lambda: LearnerStats.objects.filter(learner=user).exists())
        assert wait_for(lambda: ParameterFit.objects.filter(learner=fitted).exists(), timeout=120)
        failed = AnkiImport.objects.filter(pk=dead.pk, status=AnkiImport.Status.FAILED)
        assert wait_for(failed.exists)
        assert wait_for(lambda: not default_storage.exists(dead.upload))
    assert Notification.objects.filter(learner=user).count() == 1
    assert Notification.objects.filter(learner=dead.learner).count() == 1

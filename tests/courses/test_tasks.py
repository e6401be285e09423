"""The tutors' digest task: in the beat schedule, and run by a real worker on Redis."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

import pytest
from kombu import Connection

from courses.tasks import notify_tutors_overdue_task
from progress.models import Notification
from tests.factories.accounts import learner
from tests.factories.courses import AssignmentFactory, MembershipFactory
from tests.support.workers import celery_worker, wait_for


def test_the_digest_task_is_in_the_beat_schedule_and_expires_within_a_day():
    entries = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    entry = entries["courses.tasks.notify_tutors_overdue_task"]
    assert 0 < entry["options"]["expires"] <= 24 * 3600


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_on_redis_sends_a_tutor_their_digest(tmp_path, redis_url):
    # The worker runs in its own process on the real clock: dates are set from it.
    today = timezone.localdate()
    assignment = AssignmentFactory(
        starts_on=today - timedelta(days=9), due_on=today - timedelta(days=8)
    )
    MembershipFactory(
        classroom=assignment.classroom,
        learner=learner(display_name="Sparrow"),
        joined_at=timezone.now() - timedelta(days=10),
    )
    tutor = assignment.classroom.tutor
    with celery_worker(var_dir=tmp_path, redis_url=redis_url) as queue:
        with Connection(redis_url) as conn:
            notify_tutors_overdue_task.apply_async(queue=queue, connection=conn)
        assert wait_for(lambda: Notification.objects.filter(learner=tutor).exists())
    text = Notification.objects.get(learner=tutor).text
    assert ": 1." in text and "Sparrow" not in text  # counted; the names are on the class pages

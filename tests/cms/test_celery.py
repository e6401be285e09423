"""A real worker process, not eager mode, runs tasks through each broker."""

import pytest
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler
from kombu import Connection

from cms.celery import app, ensure_broker_folders
from cms.models import Heartbeat
from cms.tasks import record_heartbeat_task
from tests.support.workers import celery_worker, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.services,
]


def heartbeat_recorded():
    return Heartbeat.objects.filter(name="heartbeat").exists()


def test_worker_runs_a_task_through_the_embedded_broker(tmp_path):
    queue_dir = str(tmp_path / "celery" / "queue")
    options = {
        "data_folder_in": queue_dir,
        "data_folder_out": queue_dir,
        "control_folder": str(tmp_path / "celery" / "control"),
    }
    ensure_broker_folders("filesystem://", options)
    with celery_worker(var_dir=tmp_path) as queue:
        with Connection("filesystem://", transport_options=options) as conn:
            record_heartbeat_task.apply_async(queue=queue, connection=conn)
        assert wait_for(heartbeat_recorded), "the worker never ran the heartbeat task"


def test_worker_runs_a_task_through_redis(tmp_path, redis_url):
    with celery_worker(var_dir=tmp_path, redis_url=redis_url) as queue:
        with Connection(redis_url) as conn:
            record_heartbeat_task.apply_async(queue=queue, connection=conn)
        assert wait_for(heartbeat_recorded), "the worker never ran the heartbeat task"


def test_beat_schedule_holds_the_heartbeat():
    DatabaseScheduler(app=app)
    task = PeriodicTask.objects.get(name="heartbeat")
    assert task.task == "cms.tasks.record_heartbeat_task"
    assert task.crontab.minute == "*"
    assert task.enabled

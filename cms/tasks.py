from celery import shared_task

from .hub import tasks as hub_tasks  # noqa: F401 - registers the hub's tasks
from .models import Heartbeat


@shared_task(ignore_result=True)
def record_heartbeat_task():
    Heartbeat.beat("heartbeat")

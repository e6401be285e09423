from celery import shared_task

from .models import Heartbeat


@shared_task(ignore_result=True)
def record_heartbeat_task():
    Heartbeat.beat("heartbeat")

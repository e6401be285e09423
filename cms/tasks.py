import logging

from django.utils import timezone

from celery import shared_task

from . import erasure
from .models import Heartbeat

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def record_heartbeat_task():
    Heartbeat.beat("heartbeat")


@shared_task(ignore_result=True)
def prune_access_records_task():
    pruned = erasure.prune_access_records(now=timezone.now())
    logger.info("pruned %d sign-in attempt records", pruned)

import logging

from django.utils import timezone

from celery import shared_task

from . import digest

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def notify_tutors_overdue_task():
    sent = digest.notify_tutors_overdue(now=timezone.now())
    logger.info("sent %d tutor digests", sent)

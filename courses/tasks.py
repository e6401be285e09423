import logging

from django.utils import timezone

from celery import shared_task

from . import notifying

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def notify_tutors_overdue_task():
    sent = notifying.notify_tutors_overdue(now=timezone.now())
    logger.info("sent %d tutor digests", sent)

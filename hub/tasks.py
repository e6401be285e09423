import logging

from django.utils import timezone

from celery import shared_task

from .flagging import flag_stale_resources

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def flag_stale_resources_task():
    flagged = flag_stale_resources(today=timezone.localdate())
    logger.info("Flagged %d stale help entries", len(flagged))

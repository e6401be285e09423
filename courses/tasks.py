import logging

from django.utils import timezone

from celery import shared_task

from . import digest, session_reminders, voice_recordings

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def notify_tutors_overdue_task():
    sent = digest.notify_tutors_overdue(now=timezone.now())
    logger.info("sent %d tutor digests", sent)


@shared_task(ignore_result=True)
def delete_stray_voice_recordings_task():
    deleted = voice_recordings.delete_stray_files(now=timezone.now())
    logger.info("deleted %d stray voice recording files", deleted)


@shared_task(ignore_result=True)
def send_session_reminders_task():
    reminded = session_reminders.send_session_reminders(now=timezone.now())
    logger.info("sent %d session reminders", reminded)

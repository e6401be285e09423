import functools
import logging

from django.db import transaction

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError

from .audio import rendering

logger = logging.getLogger(__name__)


class LeftForLaterOnOutage(DjangoTask):
    """A task whose message may be lost: with the broker down, `delay_on_commit` logs
    and goes on, because the caller's state (a deck's build marker, audio not yet
    rendered) makes a later request or sweep try again."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self._send_or_log, args, kwargs))

    def _send_or_log(self, args, kwargs) -> None:
        try:
            self.delay(*args, **kwargs)
        except OperationalError as exc:
            logger.warning("%s not sent: broker unavailable (%r)", self.name, exc)


@shared_task(ignore_result=True, base=LeftForLaterOnOutage)
def render_lesson_audio_task(lesson_id: int):
    report = rendering.render_published_audio(lesson_id=lesson_id)
    logger.info("audio of lesson %d: %s", lesson_id, report)


@shared_task(ignore_result=True, base=LeftForLaterOnOutage)
def render_missing_audio_task():
    report = rendering.render_published_audio()
    logger.info("audio of all live lessons: %s", report)

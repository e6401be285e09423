import logging

from celery import shared_task

from .anki import builds

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def build_deck_task(kind: str, target_id: int, weak: bool = False):
    build = builds.deck_for(kind, target_id, weak=weak)
    path = builds.build_package(build)
    logger.info("built %s deck %s with %d notes", kind, path, build.note_count)

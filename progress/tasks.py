import logging

from django.utils import timezone

from celery import shared_task
from kombu.exceptions import OperationalError

from lessons.tasks import LeftForLaterOnOutage

from . import parameter_fits, reminders, stats
from .anki import builds, sweeping, uploads

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True, base=LeftForLaterOnOutage)
def build_deck_task(kind: str, target_id: int, weak: bool = False, passed: list[int] = ()):
    build = builds.deck_for(kind, target_id, weak=weak, passed=passed)
    path = builds.build_package(build)
    logger.info("built %s deck %s with %d notes", kind, path, build.note_count)


@shared_task(ignore_result=True)
def send_review_reminders_task():
    reminded = reminders.send_review_reminders(now=timezone.now())
    logger.info("reminded %d learners of their reviews", reminded)


@shared_task(ignore_result=True)
def refresh_learner_stats_task():
    refreshed = stats.refresh_learner_stats(now=timezone.now())
    logger.info("refreshed review stats of %d learners", refreshed)


@shared_task(ignore_result=True)
def fit_learner_parameters_task():
    for learner_id in parameter_fits.learners_due_a_fit():
        fit = parameter_fits.fit_learner(learner_id=learner_id, now=timezone.now())
        logger.info("fitted FSRS parameters of learner %d: %s", learner_id, fit)


@shared_task(ignore_result=True, time_limit=uploads.IMPORT_TIME_LIMIT)
def import_anki_task(import_id: int):
    record = uploads.process_import(import_id=import_id, now=timezone.now())
    logger.info("Anki import %d: %s", record.pk, record.status)


def send_import(import_id: int) -> bool:
    """Send an import's task message; False when the broker is down. The import then
    stays queued, and the sweep sends it again once its message counts as lost."""
    try:
        import_anki_task.delay(import_id)
    except OperationalError as exc:
        logger.warning("Anki import %d left for the sweep: broker unavailable (%r)", import_id, exc)
        return False
    return True


@shared_task(ignore_result=True)
def sweep_anki_work_task():
    now = timezone.now()
    report = sweeping.sweep_anki_work(now=now, send_import=import_anki_task.delay_on_commit)
    logger.info("Anki sweep: %s", report)

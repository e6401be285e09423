"""Issue 14, item 13 (second half): logs never repeat what a learner typed.

PostgreSQL's error text repeats the values sent ("Failing row contains (...)"),
so the site's log handlers write a database error's class and traceback but not
its text; and SQL with its parameters is never logged, even at LOG_LEVEL=DEBUG."""

import copy
import io
import logging

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.log import configure_logging

import pytest

from progress.models import ExerciseAttempt
from tests.factories.accounts import learner

pytestmark = pytest.mark.django_db
ANSWER = "my-mother-in-hyesan"


@pytest.fixture
def site_logs(monkeypatch):
    """The site's LOGGING, with LOG_LEVEL=DEBUG, writing into a buffer."""
    stream = io.StringIO()
    config = copy.deepcopy(settings.LOGGING)
    config["root"]["level"] = "DEBUG"
    monkeypatch.setattr("sys.stderr", stream)
    configure_logging(settings.LOGGING_CONFIG, config)  # as Django does at start-up
    yield stream
    monkeypatch.undo()
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def failing_insert(lesson):
    attempt = ExerciseAttempt(
        learner=learner(), lesson=lesson, block_id=None, block_type="typing",
        answer={"typed": ANSWER}, score=0.0, correct=False, created_at=timezone.now(),
    )  # fmt: skip
    with transaction.atomic():
        attempt.save()


def test_a_failing_insert_leaves_no_answer_in_the_logs(postgres, site_logs, lesson):
    with pytest.raises(IntegrityError) as failure:
        failing_insert(lesson)
    assert ANSWER in str(failure.value), "PostgreSQL repeats the failing row"
    try:
        failing_insert(lesson)
    except IntegrityError:
        logging.getLogger("django.request").exception("Internal Server Error: /learn/answer/")
        logging.getLogger("celery.app.trace").error("Task failed: %r", failure.value)
    written = site_logs.getvalue()
    assert "IntegrityError" in written and "failing_insert" in written  # still debuggable
    assert ANSWER not in written


def test_sql_and_its_parameters_are_never_logged(site_logs, lesson):
    connection.force_debug_cursor = True  # as with DEBUG = True
    try:
        ExerciseAttempt.objects.create(
            learner=learner(), lesson=lesson, block_id="t-1", block_type="typing",
            answer={"typed": ANSWER}, score=0.0, correct=False, created_at=timezone.now(),
        )  # fmt: skip
    finally:
        connection.force_debug_cursor = False
    assert ANSWER not in site_logs.getvalue()


def test_a_celery_worker_keeps_the_sites_log_handlers():
    """Celery's own set-up would swap the root logger's handlers for unfiltered
    ones; the worker's logging set-up keeps the site's, with their filter."""
    from cms.celery import app

    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers = [logging.StreamHandler(io.StringIO())]  # not the site's
    try:
        app.log.setup_logging_subsystem(loglevel="INFO")
        filters = [type(f).__name__ for handler in root.handlers for f in handler.filters]
        assert "WithholdDatabaseErrorText" in filters
    finally:
        root.handlers = saved
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)

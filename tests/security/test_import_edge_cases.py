"""Issue 14, item 14: one impossible revlog row no longer crashes the worker,
and an import's finish is recorded when it finishes.

A row whose id (its answer time in epoch milliseconds) lies before Anki existed
or far in the future is skipped and counted as a skipped row, like any other
row Anki's optimizer would not train on; the rest of the history is imported."""

import uuid
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

import pytest
import time_machine

from progress.anki import importing
from progress.models import AnkiImport, Notification, ReviewLog
from progress.tasks import import_anki_task
from tests.factories.accounts import learner
from tests.factories.lessons import VocabularyItemFactory
from tests.support.anki_packages import (
    WORDS,
    collection_with,
    exported_packages,
    legacy_package,
)

pytestmark = pytest.mark.django_db
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
IMPOSSIBLE = [9 * 10**18, 1, -5]  # year 285 million, 1970, before 1970
# Moves the latest answer not yet moved (rows below 10**13 ms, i.e. before 2286).
MOVE = (
    "update revlog set id = {value} where id = "
    "(select max(id) from revlog where id < 10000000000000 and ease > 0);"
)


@pytest.fixture(scope="module")
def legacy(tmp_path_factory):
    return exported_packages(tmp_path_factory.mktemp("anki"))[0]["legacy"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def queued_import(user, path) -> AnkiImport:
    stored = default_storage.save("anki-uploads/edge.apkg", ContentFile(path.read_bytes()))
    return AnkiImport.objects.create(learner=user, upload=stored)


def test_revlog_rows_with_impossible_dates_are_skipped_and_the_rest_imported(
    legacy, tmp_path, monkeypatch
):
    for word in WORDS:
        VocabularyItemFactory(uuid=uuid.UUID(word))
    user = learner()
    moves = " ".join(MOVE.format(value=value) for value in IMPOSSIBLE)
    package = legacy_package(tmp_path, collection_with(legacy, tmp_path, moves))
    record = queued_import(user, package)
    real_import = importing.import_reviews

    with time_machine.travel(START, tick=False) as traveller:

        def slow_import(**kwargs):
            traveller.shift(timedelta(seconds=99))  # the import takes 99 s
            return real_import(**kwargs)

        monkeypatch.setattr("progress.anki.uploads.import_reviews", slow_import)
        import_anki_task(record.pk)

    record.refresh_from_db()
    assert (record.status, record.error) == (AnkiImport.Status.DONE, "")
    assert record.skipped_rows >= len(IMPOSSIBLE) and record.new_reviews > 0
    assert ReviewLog.objects.filter(learner=user).count() == record.new_reviews
    assert record.started_at == START
    assert record.finished_at == START + timedelta(seconds=99)
    assert "Your Anki reviews are in" in Notification.objects.get(learner=user).text

"""The sweep: lost import messages sent again once, dead imports failed once with the
learner told, live imports left alone, stray uploads and old cached decks deleted."""

import os
import uuid
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

import pytest

from progress.anki import builds, decks, sweeping, uploads
from progress.anki.sweeping import INTERRUPTED_AFTER, LOST_AFTER, MAX_REQUEUES, StoredFile
from progress.models import AnkiImport, Notification, ReviewCard, ReviewLog
from progress.tasks import build_deck_task, import_anki_task, sweep_anki_work_task
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.support.anki_packages import WORDS, exported_packages

pytestmark = pytest.mark.django_db
QUEUED, RUNNING = AnkiImport.Status.QUEUED, AnkiImport.Status.RUNNING
FAILED = AnkiImport.Status.FAILED
INTERRUPTED_TEXT = "The import was interrupted. Please upload the file again."
NOTHING = sweeping.SweepReport(requeued=0, failed=0, uploads_deleted=0, deck_files_deleted=0)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "test-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def user():
    return learner()


def an_import(user, *, status, now, queued_ago=timedelta(0), started_ago=None, requeues=0):
    path = default_storage.save(
        f"{uploads.UPLOAD_FOLDER}/{uuid.uuid4().hex}.apkg", ContentFile(b"x")
    )
    return AnkiImport.objects.create(
        learner=user,
        upload=path,
        status=status,
        queued_at=now - queued_ago,
        started_at=None if started_ago is None else now - started_ago,
        requeues=requeues,
    )


def sweep(now, sent=None) -> sweeping.SweepReport:
    return sweeping.sweep_anki_work(now=now, send_import=(sent if sent is not None else []).append)


def age(path: str, when: datetime) -> None:
    os.utime(default_storage.path(path), (when.timestamp(), when.timestamp()))


def notes(user) -> list[str]:
    return list(Notification.objects.filter(learner=user).values_list("text", flat=True))


def test_an_import_left_running_by_a_killed_worker_fails_once_and_its_file_goes(user, now):
    record = an_import(user, status=RUNNING, now=now, started_ago=INTERRUPTED_AFTER)
    path = record.upload

    assert sweep(now).failed == 1
    record.refresh_from_db()
    assert (record.status, record.error, record.finished_at) == (FAILED, "Interrupted", now)
    assert record.upload == "" and not default_storage.exists(path)
    assert notes(user) == [f"Your Anki file could not be imported: {INTERRUPTED_TEXT}"]


def test_an_import_a_worker_claimed_recently_is_left_running(user, now):
    running = an_import(user, status=RUNNING, now=now, started_ago=INTERRUPTED_AFTER / 2)
    waiting = an_import(user, status=QUEUED, now=now, queued_ago=LOST_AFTER / 2)
    sent = []

    assert sweep(now, sent) == NOTHING and sent == []
    for record in (running, waiting):
        before = record.status, record.upload, record.requeues
        record.refresh_from_db()
        assert (record.status, record.upload, record.requeues) == before
        assert default_storage.exists(record.upload)
    assert notes(user) == []


def test_a_queued_import_whose_message_was_lost_is_sent_again_once_then_failed(user, now):
    record = an_import(user, status=QUEUED, now=now, queued_ago=LOST_AFTER)
    sent = []

    assert sweep(now, sent).requeued == 1 and sent == [record.pk]
    record.refresh_from_db()
    assert (record.status, record.requeues, record.queued_at) == (QUEUED, 1, now)
    assert default_storage.exists(record.upload) and notes(user) == []

    assert sweep(now + LOST_AFTER / 2, sent) == NOTHING  # the new message has its time

    assert sweep(now + LOST_AFTER, sent).failed == 1 and sent == [record.pk]
    record.refresh_from_db()
    assert (record.status, record.error, record.upload) == (FAILED, "Interrupted", "")
    assert len(notes(user)) == 1
    assert MAX_REQUEUES == 1  # the budget this test spends


def test_sweeping_twice_changes_nothing_the_second_time(user, now, media):
    an_import(user, status=RUNNING, now=now, started_ago=INTERRUPTED_AFTER)
    an_import(user, status=QUEUED, now=now, queued_ago=LOST_AFTER)
    an_import(user, status=QUEUED, now=now, queued_ago=LOST_AFTER, requeues=MAX_REQUEUES)
    stray = default_storage.save(f"{uploads.UPLOAD_FOLDER}/stray.apkg", ContentFile(b"x"))
    age(stray, now - sweeping.STRAY_AFTER)
    old_deck = default_storage.save(f"{builds.FOLDER}/old.apkg", ContentFile(b"x"))
    age(old_deck, now - sweeping.DECK_MAX_AGE)

    assert sweep(now) == sweeping.SweepReport(
        requeued=1, failed=2, uploads_deleted=1, deck_files_deleted=1
    )
    rows = list(AnkiImport.objects.order_by("pk").values())
    files = sorted(path.name for path in media.rglob("*"))
    sent = []
    assert sweep(now, sent) == NOTHING and sent == []
    assert list(AnkiImport.objects.order_by("pk").values()) == rows
    assert sorted(path.name for path in media.rglob("*")) == files
    assert Notification.objects.count() == 2


def test_each_pass_changes_at_most_a_batch_of_imports(user, now):
    for _ in range(3):
        an_import(user, status=RUNNING, now=now, started_ago=INTERRUPTED_AFTER)
    assert sweeping.fail_dead_imports(now=now, batch_size=2) == 2
    assert sweeping.fail_dead_imports(now=now, batch_size=2) == 1
    assert AnkiImport.objects.filter(status=FAILED).count() == 3


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    return exported_packages(tmp_path_factory.mktemp("anki"))[0]


def test_a_worker_that_finishes_after_the_sweep_gave_up_keeps_nothing(
    user, now, packages, monkeypatch
):
    for word in WORDS:
        VocabularyItemFactory(uuid=uuid.UUID(word))
    path = default_storage.save(
        "anki-uploads/slow.apkg", ContentFile(packages["modern"].read_bytes())
    )
    record = AnkiImport.objects.create(learner=user, upload=path)
    read_package = uploads.read_package

    def slow_read(upload):  # the worker stalls past the threshold; the sweep gives up on it
        contents = read_package(upload)
        assert sweep(now + INTERRUPTED_AFTER).failed == 1
        return contents

    monkeypatch.setattr(uploads, "read_package", slow_read)
    uploads.process_import(import_id=record.pk, now=now)
    record.refresh_from_db()
    assert (record.status, record.error, record.new_reviews) == (FAILED, "Interrupted", 0)
    assert not ReviewLog.objects.exists() and len(notes(user)) == 1
    assert not default_storage.exists(path)


def test_a_live_import_hits_its_time_limit_before_the_sweep_calls_it_dead():
    assert 0 < import_anki_task.time_limit < INTERRUPTED_AFTER.total_seconds()


def test_the_status_page_of_an_interrupted_import_says_upload_again_and_stops_polling(
    client, user, now
):
    record = an_import(user, status=RUNNING, now=now, started_ago=INTERRUPTED_AFTER)
    sweep(now)
    client.force_login(user)
    url = reverse("anki:import_status", kwargs={"import_id": record.pk})
    for page in (client.get(url), client.get(url, headers={"hx-request": "true"})):
        text = page.content.decode()
        assert INTERRUPTED_TEXT in text and "hx-trigger" not in text
    assert reverse("anki:upload") in client.get(url).content.decode()


def test_the_task_sends_a_lost_import_again_through_celery(user, monkeypatch):
    record = an_import(user, status=QUEUED, now=timezone.now(), queued_ago=LOST_AFTER * 2)
    send = mock.Mock()
    monkeypatch.setattr(import_anki_task, "delay_on_commit", send)
    sweep_anki_work_task()
    send.assert_called_once_with(record.pk)


def test_an_old_upload_no_waiting_import_names_is_deleted(user, now):
    stray = default_storage.save(f"{uploads.UPLOAD_FOLDER}/stray.apkg", ContentFile(b"x"))
    fresh = default_storage.save(f"{uploads.UPLOAD_FOLDER}/fresh.apkg", ContentFile(b"x"))
    waiting = an_import(user, status=QUEUED, now=now)
    for path in (stray, waiting.upload):
        age(path, now - sweeping.STRAY_AFTER)
    age(fresh, now)  # not the file system's own stamp: its clock need not be `now`'s

    assert sweeping.delete_stray_uploads(now=now) == 1
    assert not default_storage.exists(stray)
    assert default_storage.exists(fresh)  # its import may not be committed yet
    assert default_storage.exists(waiting.upload)


def test_a_deleted_learners_waiting_upload_is_deleted_as_a_stray(user, now):
    path = an_import(user, status=QUEUED, now=now).upload
    user.delete()
    age(path, now - sweeping.STRAY_AFTER)
    assert sweeping.delete_stray_uploads(now=now) == 1 and not default_storage.exists(path)


def test_an_old_cached_deck_is_deleted_and_built_again_on_the_next_download(client, now):
    lesson = LessonPageFactory(words=VocabularyItemFactory.create_batch(2))
    build = decks.lesson_deck(lesson)
    path = builds.build_package(build)
    age(path, now - sweeping.DECK_MAX_AGE)

    assert sweeping.prune_deck_cache(now=now) == 1
    assert builds.status(build, now=now.timestamp()) is builds.DeckStatus.MISSING
    response = client.get(reverse("anki:lesson", kwargs={"page_id": lesson.pk}))
    assert response.status_code == 200 and default_storage.exists(path)


def stored(name: str, hours_ago: float, size: int = 10) -> StoredFile:
    return StoredFile(name, NOW - timedelta(hours=hours_ago), size)


NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def test_a_stale_build_marker_is_deleted_and_a_fresh_one_kept():
    stale_hours = builds.RETRY_AFTER / 3600
    files = [stored("decks/a.json", stale_hours), stored("decks/b.json", stale_hours / 2)]
    assert sweeping.deck_files_to_delete(files, now=NOW) == ["decks/a.json"]


def test_decks_past_their_age_are_deleted_whatever_the_cache_size():
    files = [stored("decks/new.apkg", 1), stored("decks/old.apkg", 48)]
    doomed = sweeping.deck_files_to_delete(files, now=NOW, max_age=timedelta(days=1))
    assert doomed == ["decks/old.apkg"]


def test_the_oldest_decks_beyond_the_cache_size_are_deleted_oldest_first():
    files = [stored(f"decks/{hours}.apkg", hours, size=40) for hours in (1, 2, 3, 4)]
    doomed = sweeping.deck_files_to_delete(files, now=NOW, max_bytes=100)
    assert doomed == ["decks/4.apkg", "decks/3.apkg"]


@pytest.fixture
def large_deck_learner(client, monkeypatch):
    """A signed-in learner whose deck is built by the task, which records what is sent."""
    monkeypatch.setattr(builds, "LARGE_DECK", 3)
    user = learner()
    ReviewCard.objects.bulk_create(
        ReviewCard(learner=user, item=item, direction=direction, due=NOW)
        for item in VocabularyItemFactory.create_batch(5)
        for direction in ReviewCard.Direction.values
    )
    client.force_login(user)
    sent = []
    monkeypatch.setattr(build_deck_task, "delay_on_commit", lambda *args: sent.append(args))
    return sent


def test_a_deck_whose_builds_keep_dying_stops_the_polling_and_says_so(
    client, large_deck_learner, monkeypatch
):
    sent, url = large_deck_learner, reverse("anki:mine")
    monkeypatch.setattr(builds, "STALE_AFTER", 0)  # each build dies as soon as it is sent
    assert b'hx-trigger="every 3s"' in client.get(url).content and len(sent) == 1
    assert b'hx-trigger="every 3s"' in client.get(url + "?poll=1").content and len(sent) == 2

    failed = client.get(url + "?poll=1").content.decode()
    assert "could not be made just now" in failed and "hx-trigger" not in failed
    assert len(sent) == builds.MAX_ATTEMPTS
    page = client.get(url).content.decode()
    assert "could not be made just now" in page and 'http-equiv="refresh"' not in page
    assert "Your Anki deck is not ready" in page and "Preparing your Anki deck" not in page

    monkeypatch.setattr(builds, "RETRY_AFTER", 0)  # an hour later, a download tries again
    assert b"hx-trigger" in client.get(url).content and len(sent) == 3

"""Clearing up after Anki work that a dead worker or a lost message left behind.

Rules of one pass of `sweep_anki_work`:
- A queued import whose task message was sent LOST_AFTER ago or more, and that
  no worker has claimed, has lost its message (a broker restart): it is sent
  again, at most MAX_REQUEUES times. The count is kept on the row, so the sweep
  cannot loop; once it is spent, the import fails.
- A running import claimed INTERRUPTED_AFTER ago or more belongs to a worker
  that died: the task's hard time limit (`uploads.IMPORT_TIME_LIMIT`) ends a
  live import well before then. It fails.
- A failed import gets the reason `uploads.INTERRUPTED` and one notification in
  the same transaction; its upload is deleted after that.
- Each change is a conditional UPDATE on the state the sweep read, as the
  worker's claim and finish are, so the sweep and a worker never both win an
  import. The rows a pass changed are read back by the time it wrote (`now`).
- Upload files older than STRAY_AFTER that no queued or running import names
  (a deleted learner's upload, a request that died before its row was saved)
  are deleted.
- Deck build markers older than `builds.RETRY_AFTER`, which `builds.status`
  already ignores, are deleted; so are cached deck files older than
  DECK_MAX_AGE, then the oldest ones beyond DECK_CACHE_BYTES. A deleted package
  is built again on its next download.
A pass changes at most IMPORT_BATCH imports for each rule and deletes at most
FILE_BATCH files from each folder; running it again at once changes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q

from ..models import AnkiImport
from . import builds, uploads

LOST_AFTER = timedelta(minutes=30)
MAX_REQUEUES = 1
INTERRUPTED_AFTER = timedelta(hours=1)
STRAY_AFTER = timedelta(hours=1)
DECK_MAX_AGE = timedelta(days=7)
DECK_CACHE_BYTES = 1024**3
IMPORT_BATCH = 200
FILE_BATCH = 500

QUEUED, RUNNING = AnkiImport.Status.QUEUED, AnkiImport.Status.RUNNING


@dataclass(frozen=True)
class SweepReport:
    requeued: int
    failed: int
    uploads_deleted: int
    deck_files_deleted: int


@dataclass(frozen=True)
class StoredFile:
    path: str
    modified: datetime
    size: int


def sweep_anki_work(*, now: datetime, send_import: Callable[[int], object]) -> SweepReport:
    """One pass of every rule above; `send_import` sends an import's task message."""
    return SweepReport(
        requeued=requeue_lost_imports(now=now, send_import=send_import),
        failed=fail_dead_imports(now=now),
        uploads_deleted=delete_stray_uploads(now=now),
        deck_files_deleted=prune_deck_cache(now=now),
    )


def _ids(condition: Q, batch_size: int) -> list[int]:
    rows = AnkiImport.objects.filter(condition).order_by("pk")
    return list(rows.values_list("pk", flat=True)[:batch_size])


def requeue_lost_imports(
    *, now: datetime, send_import: Callable[[int], object], batch_size: int = IMPORT_BATCH
) -> int:
    lost = Q(status=QUEUED, queued_at__lte=now - LOST_AFTER, requeues__lt=MAX_REQUEUES)
    ids = _ids(lost, batch_size)
    with transaction.atomic():
        changed = AnkiImport.objects.filter(lost, pk__in=ids)
        changed.update(requeues=F("requeues") + 1, queued_at=now)
        sent = AnkiImport.objects.filter(pk__in=ids, status=QUEUED, queued_at=now)
        sent_ids = list(sent.values_list("pk", flat=True))
        for import_id in sent_ids:
            send_import(import_id)
    return len(sent_ids)


def fail_dead_imports(*, now: datetime, batch_size: int = IMPORT_BATCH) -> int:
    dead = Q(status=RUNNING, started_at__lte=now - INTERRUPTED_AFTER) | Q(
        status=QUEUED, queued_at__lte=now - LOST_AFTER, requeues__gte=MAX_REQUEUES
    )
    ids = _ids(dead, batch_size)
    failed = AnkiImport.Status.FAILED
    with transaction.atomic():
        AnkiImport.objects.filter(dead, pk__in=ids).update(
            status=failed, error=uploads.INTERRUPTED, finished_at=now
        )
        records = list(
            AnkiImport.objects.filter(
                pk__in=ids, status=failed, error=uploads.INTERRUPTED, finished_at=now
            )
        )
        uploads.notify_learners(records, now=now)
    uploads.delete_uploads(records)
    return len(records)


def delete_stray_uploads(*, now: datetime, batch_size: int = FILE_BATCH) -> int:
    in_flight = AnkiImport.objects.filter(status__in=[QUEUED, RUNNING]).exclude(upload="")
    named = set(in_flight.values_list("upload", flat=True))
    strays = [
        stored.path
        for stored in stored_files(uploads.UPLOAD_FOLDER)
        if stored.modified <= now - STRAY_AFTER and stored.path not in named
    ]
    return _delete(strays[:batch_size])


def prune_deck_cache(*, now: datetime, batch_size: int = FILE_BATCH) -> int:
    return _delete(deck_files_to_delete(stored_files(builds.FOLDER), now=now)[:batch_size])


def deck_files_to_delete(
    files: list[StoredFile],
    *,
    now: datetime,
    max_age: timedelta = DECK_MAX_AGE,
    max_bytes: int = DECK_CACHE_BYTES,
) -> list[str]:
    """Stale markers, files past max_age, then the oldest files beyond max_bytes;
    oldest first."""
    stale_marker = now - timedelta(seconds=builds.RETRY_AFTER)
    doomed, newer_bytes = [], 0
    for stored in sorted(files, key=lambda stored: stored.modified, reverse=True):
        if stored.path.endswith(".json"):
            if stored.modified <= stale_marker:
                doomed.append(stored.path)
            continue
        newer_bytes += stored.size
        if stored.modified <= now - max_age or newer_bytes > max_bytes:
            doomed.append(stored.path)
    return doomed[::-1]


def stored_files(folder: str) -> list[StoredFile]:
    try:
        _folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = (_stat(f"{folder}/{name}") for name in names)
    return [stored for stored in found if stored]


def _stat(path: str) -> StoredFile | None:
    try:
        return StoredFile(path, default_storage.get_modified_time(path), default_storage.size(path))
    except FileNotFoundError:  # deleted since the folder was listed
        return None


def _delete(paths: list[str]) -> int:
    for path in paths:
        default_storage.delete(path)
    return len(paths)

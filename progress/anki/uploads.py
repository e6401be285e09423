"""An uploaded Anki package, from the learner's file to imported reviews.

`start_import` stores the file under a random name (never the learner's) and
records an AnkiImport; `process_import` reads and imports it once, always
deletes the file, keeps only the counts or the reason for refusing it, and
tells the learner. Refusals are PackageError class names (or INTERRUPTED, set
by the sweep in `sweeping.py`), shown to the learner in the language they use
at the time.

A worker owns an import from its claim (queued -> running) to its finish
(running -> done or failed); both are conditional UPDATEs. The sweep gives up
on a dead worker's import the same way, so when the sweep wins, the late
worker's finish changes nothing and its reviews are rolled back.
"""

import logging
import secrets
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import LearnerProfile

from ..models import AnkiImport, Notification, ReviewLog
from . import exceptions
from .importing import import_reviews
from .package import read_package

logger = logging.getLogger(__name__)

UPLOAD_FOLDER = "anki-uploads"
FAILED = "Failed"
INTERRUPTED = "Interrupted"
# The hard time limit of one import task (seconds): no live import runs longer.
IMPORT_TIME_LIMIT = 20 * 60
MESSAGES = {
    exceptions.PackageError: gettext_lazy("This file could not be read as an Anki package."),
    exceptions.NotAZip: gettext_lazy("This file is not an Anki package (.apkg or .colpkg)."),
    exceptions.TooLarge: gettext_lazy(
        "This file is too large. In Anki, export only your Saebom decks, "
        "without media, and upload that file."
    ),
    exceptions.ZipBomb: gettext_lazy(
        "This package unpacks to far more data than an Anki export holds, so it was not "
        "opened. Export your Saebom decks from Anki again and upload the new file."
    ),
    exceptions.BadMemberName: gettext_lazy(
        "This package contains a file name that Anki never writes, so it was not opened. "
        "Upload a package exported directly from Anki."
    ),
    exceptions.DamagedPackage: gettext_lazy(
        "This package is damaged. Export it from Anki again and upload the new file."
    ),
    exceptions.MissingCollection: gettext_lazy(
        "This package holds no Anki collection. Export your Saebom decks from Anki as an "
        "'Anki Deck Package (.apkg)' and upload that file."
    ),
    exceptions.MalformedCollection: gettext_lazy(
        "The collection inside this package is not one Anki wrote, or it is damaged. "
        "Export your Saebom decks from Anki again and upload the new file."
    ),
    exceptions.TooManyReviews: gettext_lazy(
        "This package holds more reviews than can be imported at once. In Anki, export "
        "only your Saebom decks and upload that file."
    ),
    exceptions.NoScheduling: gettext_lazy(
        "This package has no review history. In Anki, export again with "
        "'Include scheduling information' ticked."
    ),
    exceptions.TooManyImports: gettext_lazy(
        "You have imported Anki files %(imports)s times today, as many as one day allows. "
        "Please upload this file tomorrow."
    ),
    exceptions.TooManyReviewsKept: gettext_lazy(
        "You already keep %(reviews)s reviews, as many as Saebom keeps for one learner, "
        "so no more can be imported."
    ),
}
_BY_NAME = {
    **{kind.__name__: message for kind, message in MESSAGES.items()},
    INTERRUPTED: gettext_lazy("The import was interrupted. Please upload the file again."),
}


def learner_message(error: exceptions.PackageError | str) -> str:
    """Why a package was refused, in the active language."""
    name = error if isinstance(error, str) else type(error).__name__
    if name not in _BY_NAME:
        return _("Something went wrong while importing. Please try again later.")
    allowance = {
        "imports": settings.ANKI_IMPORTS_PER_DAY,
        "reviews": f"{settings.ANKI_REVIEWS_PER_LEARNER:,}",
    }
    return str(_BY_NAME[name]) % allowance


def check_allowance(*, learner, now: datetime) -> None:
    """Refuse another import once the learner has started ANKI_IMPORTS_PER_DAY in
    the last day, or keeps ANKI_REVIEWS_PER_LEARNER reviews: each import costs a
    worker minutes and the export must stay within reach."""
    started = AnkiImport.objects.filter(learner=learner, created_at__gt=now - timedelta(days=1))
    if started.count() >= settings.ANKI_IMPORTS_PER_DAY:
        raise exceptions.TooManyImports()
    kept = ReviewLog.objects.filter(learner=learner).count()
    if kept >= settings.ANKI_REVIEWS_PER_LEARNER:
        raise exceptions.TooManyReviewsKept()


@transaction.atomic
def start_import(*, learner, upload) -> AnkiImport:
    """Store the upload under a random name and record a queued import of it."""
    suffix = ".colpkg" if (upload.name or "").lower().endswith(".colpkg") else ".apkg"
    upload.seek(0)
    path = default_storage.save(f"{UPLOAD_FOLDER}/{secrets.token_hex(16)}{suffix}", upload)
    record = AnkiImport(learner=learner, upload=path)
    try:
        record.full_clean()
        record.save()
    except Exception:
        default_storage.delete(path)  # no file without its import
        raise
    return record


def process_import(*, import_id: int, now: datetime) -> AnkiImport:
    """Import a queued upload once; the file is deleted whatever happens. `now` is
    when the worker claims it; the finish is stamped when the import ends."""
    claimed = AnkiImport.objects.filter(pk=import_id, status=AnkiImport.Status.QUEUED).update(
        status=AnkiImport.Status.RUNNING, started_at=now
    )
    record = AnkiImport.objects.select_related("learner").get(pk=import_id)
    if not claimed:
        return record
    try:
        _run(record, now)
    except exceptions.PackageError as error:
        _finish(record, status=AnkiImport.Status.FAILED, error=type(error).__name__)
    except Exception:
        logger.exception("Anki import %d failed", record.pk)
        _finish(record, status=AnkiImport.Status.FAILED, error=FAILED)
        raise
    finally:
        delete_uploads([record])
    return record


def _run(record: AnkiImport, now: datetime) -> None:
    with default_storage.open(record.upload, "rb") as upload:
        contents = read_package(upload)
    with transaction.atomic():
        result = import_reviews(learner=record.learner, contents=contents, now=now)
        if not _finish(record, status=AnkiImport.Status.DONE, **asdict(result)):
            transaction.set_rollback(True)  # the sweep gave up on this import: keep nothing


def _finish(record: AnkiImport, **outcome) -> bool:
    """Record the outcome and tell the learner, unless the import is no longer running."""
    now = timezone.now()  # the import may have run for minutes since it was claimed
    outcome["finished_at"] = now
    running = AnkiImport.objects.filter(pk=record.pk, status=AnkiImport.Status.RUNNING)
    if not running.update(**outcome):
        record.refresh_from_db()
        return False
    for name, value in outcome.items():
        setattr(record, name, value)
    notify_learners([record], now=now)
    return True


def notify_learners(records: list[AnkiImport], *, now: datetime) -> None:
    """One notification for each finished import, in its learner's language."""
    learner_ids = [record.learner_id for record in records]
    languages = dict(
        LearnerProfile.objects.filter(user__in=learner_ids).values_list("user_id", "ui_language")
    )
    notes = []
    for record in records:
        with translation.override(languages.get(record.learner_id, settings.LANGUAGE_CODE)):
            text = notification_text(record)
        notes.append(
            Notification(
                learner_id=record.learner_id,
                kind=Notification.Kind.ANKI_IMPORT,
                text=text,
                created_at=now,
            )
        )
    Notification.objects.bulk_create(notes)


def notification_text(record: AnkiImport) -> str:
    if record.status == AnkiImport.Status.FAILED:
        return _("Your Anki file could not be imported: %(reason)s") % {
            "reason": learner_message(record.error)
        }
    return _(
        "Your Anki reviews are in: %(new)d new reviews, %(known)d already known, "
        "%(foreign)d notes not from Saebom."
    ) % {"new": record.new_reviews, "known": record.already_known, "foreign": record.foreign_notes}


def delete_uploads(records: list[AnkiImport]) -> None:
    """Delete the uploaded files of these imports and forget their paths."""
    held = [record for record in records if record.upload]
    for record in held:
        default_storage.delete(record.upload)
        record.upload = ""
    AnkiImport.objects.filter(pk__in=[record.pk for record in held]).update(upload="")

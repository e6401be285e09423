"""An uploaded Anki package, from the learner's file to imported reviews.

`start_import` stores the file under a random name (never the learner's) and
records an AnkiImport; `process_import` reads and imports it once, always
deletes the file, keeps only the counts or the reason for refusing it, and
tells the learner. Refusals are PackageError class names, shown to the learner
in the language they use at the time.
"""

import logging
import secrets
from datetime import datetime

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import AnkiImport, LearnerProfile, Notification
from . import exceptions
from .importing import import_reviews
from .package import read_package

logger = logging.getLogger(__name__)

UPLOAD_FOLDER = "anki-uploads"
FAILED = "Failed"
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
}
_BY_NAME = {kind.__name__: message for kind, message in MESSAGES.items()}


def learner_message(error: exceptions.PackageError | str) -> str:
    """Why a package was refused, in the active language."""
    name = error if isinstance(error, str) else type(error).__name__
    if name not in _BY_NAME:
        return _("Something went wrong while importing. Please try again later.")
    return str(_BY_NAME[name])


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
    """Import a queued upload once; the file is deleted whatever happens."""
    claimed = AnkiImport.objects.filter(pk=import_id, status=AnkiImport.Status.QUEUED).update(
        status=AnkiImport.Status.RUNNING
    )
    record = AnkiImport.objects.select_related("learner").get(pk=import_id)
    if not claimed:
        return record
    try:
        _run(record, now)
    except exceptions.PackageError as error:
        _fail(record, type(error).__name__, now)
    except Exception:
        logger.exception("Anki import %d failed", record.pk)
        _fail(record, FAILED, now)
        raise
    finally:
        _delete_upload(record)
    return record


def _run(record: AnkiImport, now: datetime) -> None:
    with default_storage.open(record.upload, "rb") as upload:
        contents = read_package(upload)
    result = import_reviews(learner=record.learner, contents=contents, now=now)
    for name in ("new_reviews", "already_known", "foreign_notes", "skipped_rows"):
        setattr(record, name, getattr(result, name))
    record.new_cards, record.cards_replayed = result.new_cards, result.cards_replayed
    _finish(record, AnkiImport.Status.DONE, now)


def _fail(record: AnkiImport, error: str, now: datetime) -> None:
    record.error = error
    _finish(record, AnkiImport.Status.FAILED, now)


def _finish(record: AnkiImport, status: str, now: datetime) -> None:
    record.status, record.finished_at = status, now
    record.save()
    with translation.override(LearnerProfile.objects.for_user(record.learner).ui_language):
        text = notification_text(record)
    Notification.objects.create(
        learner=record.learner, kind=Notification.Kind.ANKI_IMPORT, text=text, created_at=now
    )


def notification_text(record: AnkiImport) -> str:
    if record.status == AnkiImport.Status.FAILED:
        return _("Your Anki file could not be imported: %(reason)s") % {
            "reason": learner_message(record.error)
        }
    return _(
        "Your Anki reviews are in: %(new)d new reviews, %(known)d already known, "
        "%(foreign)d notes not from Saebom."
    ) % {"new": record.new_reviews, "known": record.already_known, "foreign": record.foreign_notes}


def _delete_upload(record: AnkiImport) -> None:
    if record.upload:
        default_storage.delete(record.upload)
        AnkiImport.objects.filter(pk=record.pk).update(upload="")
        record.upload = ""

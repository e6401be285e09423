"""Built decks, kept in the default storage until their content changes.

A build is cached under a key derived from what it holds — the deck names, the
word ids and their audio, the build timestamp and the gloss order — so an edit to any exported
word or lesson gives a new key and the next download rebuilds. Decks above
LARGE_DECK notes are built by a Celery task; while it runs, a small marker file
beside the package says so, readable from any web process. Web and workers must
share the storage (one host's MEDIA_ROOT, or a shared bucket: MEDIA_STORAGE=s3).

A marker older than STALE_AFTER belongs to a build that died (a killed worker,
a lost task message): the next download starts the build again. The marker
counts the tries; once MAX_ATTEMPTS have died, the deck is FAILED and the page
stops waiting, until the last try is RETRY_AFTER old.
"""

import hashlib
import json
import tempfile
from collections.abc import Collection
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wagtail.models import Page

from lessons.models import LessonPage

from . import decks

LARGE_DECK = 500
FOLDER = "decks"
# A build marker older than this (seconds) belongs to a worker that died.
STALE_AFTER = 600
MAX_ATTEMPTS = 2
RETRY_AFTER = 3600


class DeckStatus(StrEnum):
    MISSING = "missing"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


def deck_for(
    kind: str, target_id: int, *, weak: bool = False, passed: Collection[int] = ()
) -> decks.DeckBuild:
    """The deck a download asked for; `passed` are the view restrictions it passed."""
    if kind == "lesson":
        return decks.lesson_deck(LessonPage.objects.live().get(pk=target_id), passed=passed)
    if kind == "course":
        return decks.course_deck(Page.objects.live().get(pk=target_id), passed=passed)
    if kind == "learner":
        user = get_user_model().objects.get(pk=target_id)
        return decks.learner_deck(user, weak=weak, passed=passed)
    raise ValueError(f"unknown deck kind {kind!r}")


def cache_key(build: decks.DeckBuild) -> str:
    content = {
        "decks": [
            [d.name, [[n.word_id, [a.name for a in n.audio]] for n in d.notes]] for d in build.decks
        ],
        "timestamp": build.timestamp,
        "south_first": build.south_first,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:32]


def package_path(build: decks.DeckBuild) -> str:
    return f"{FOLDER}/{cache_key(build)}.apkg"


def _marker_path(build: decks.DeckBuild) -> str:
    return f"{FOLDER}/{cache_key(build)}.json"


def status(build: decks.DeckBuild, *, now: float) -> DeckStatus:
    if default_storage.exists(package_path(build)):
        return DeckStatus.READY
    marker = _read_marker(build)
    if marker is None:
        return DeckStatus.MISSING
    age = now - marker["started"]
    if age < STALE_AFTER:
        return DeckStatus.BUILDING
    if marker.get("attempts", 1) >= MAX_ATTEMPTS and age < RETRY_AFTER:
        return DeckStatus.FAILED
    return DeckStatus.MISSING


def mark_building(build: decks.DeckBuild, *, now: float) -> None:
    """Leave a marker that a worker is (or will be) building this deck, counting the tries."""
    previous = _read_marker(build)
    retrying = previous is not None and now - previous["started"] < RETRY_AFTER
    attempts = previous.get("attempts", 1) + 1 if retrying else 1
    marker = _marker_path(build)
    default_storage.delete(marker)
    content = json.dumps({"started": now, "attempts": attempts}).encode()
    default_storage.save(marker, ContentFile(content))


def _read_marker(build: decks.DeckBuild) -> dict | None:
    try:
        with default_storage.open(_marker_path(build)) as handle:
            return json.load(handle)
    except FileNotFoundError:
        return None


def build_package(build: decks.DeckBuild) -> str:
    """Write the package to storage (once) and return its storage path. It is
    written to a temporary file first and stored from there in chunks."""
    path = package_path(build)
    if not default_storage.exists(path):
        with tempfile.TemporaryFile(prefix="saebom-deck-") as spool:
            build.write_package(spool)
            spool.seek(0)
            default_storage.save(path, File(spool, name=path))
    default_storage.delete(_marker_path(build))
    return path

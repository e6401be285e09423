"""Issue 14, item 10: an Anki upload is measured while it arrives, and inflated once.

A file past the upload limit is dropped as soon as its running size passes the
limit, before it reaches the handlers that keep it; the web side checks only
what it can without inflating (the zip directory, declared sizes, the tiny
`meta` member) and the worker inflates the collection once."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

import pytest

from progress.anki import package, unpack
from progress.anki.package import Limits
from progress.models import AnkiImport, ReviewLog
from progress.tasks import import_anki_task
from tests.support.anki_packages import (
    exported_packages,
    legacy_package,
    signed_in_learner_with_words,
)

pytestmark = pytest.mark.django_db
UPLOAD = reverse("anki:upload")
LIMIT = 64 * 1024


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    return exported_packages(tmp_path_factory.mktemp("anki"))[0]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # larger files go to a temporary file


@pytest.fixture
def user(client):
    return signed_in_learner_with_words(client)


def test_an_oversized_upload_is_dropped_once_it_passes_the_limit(client, user, monkeypatch):
    monkeypatch.setattr(package, "DEFAULT_LIMITS", Limits(upload_bytes=LIMIT))
    kept = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def keep(handler, raw_data, start):
        kept.append(len(raw_data))
        return original(handler, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", keep)
    huge = SimpleUploadedFile("deck.apkg", bytes(40 * LIMIT))
    response = client.post(UPLOAD, {"package": huge})
    assert response.status_code == 200
    assert "This file is too large." in response.content.decode()
    assert sum(kept) <= LIMIT, f"{sum(kept):,} bytes were written out for a {LIMIT:,}-byte limit"
    assert not AnkiImport.objects.exists()


def test_an_upload_within_the_limit_is_still_accepted(client, user, packages):
    data = packages["modern"].read_bytes()
    response = client.post(UPLOAD, {"package": SimpleUploadedFile("deck.apkg", data)})
    assert response.status_code == 302 and AnkiImport.objects.count() == 1


def test_a_package_is_inflated_once_from_upload_to_import(client, user, packages, monkeypatch):
    inflations = []
    original = unpack.extract_collection

    def count(*args, **kwargs):
        inflations.append(args[1].filename)
        return original(*args, **kwargs)

    monkeypatch.setattr(unpack, "extract_collection", count)
    data = packages["modern"].read_bytes()
    client.post(UPLOAD, {"package": SimpleUploadedFile("deck.apkg", data)})
    import_anki_task(AnkiImport.objects.get().pk)
    assert inflations == ["collection.anki21b"]
    assert AnkiImport.objects.get().status == AnkiImport.Status.DONE
    assert ReviewLog.objects.filter(learner=user).exists()


def test_a_collection_found_broken_when_inflated_is_refused_by_the_worker(client, user, tmp_path):
    path = legacy_package(tmp_path, b"this is not an SQLite database")
    response = client.post(UPLOAD, {"package": SimpleUploadedFile("deck.apkg", path.read_bytes())})
    assert response.status_code == 302
    import_anki_task(AnkiImport.objects.get().pk)
    record = AnkiImport.objects.get()
    assert (record.status, record.error) == (AnkiImport.Status.FAILED, "MalformedCollection")
    assert not ReviewLog.objects.exists()


def test_the_upload_still_needs_its_csrf_token(user, packages):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    data = packages["modern"].read_bytes()
    response = client.post(UPLOAD, {"package": SimpleUploadedFile("deck.apkg", data)})
    assert response.status_code == 403 and not AnkiImport.objects.exists()

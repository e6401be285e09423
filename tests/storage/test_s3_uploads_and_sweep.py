"""On a private S3 bucket: an uploaded Anki package is stored there under a random
name, imported by the task (read back through the storage) and deleted; the sweep
lists the bucket's folders to delete stray uploads, recordings and old decks."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from courses import voice_recordings
from courses.models import VOICE_RECORDING_FOLDER
from progress.anki import builds, sweeping, uploads
from progress.models import AnkiImport, ReviewLog
from progress.tasks import import_anki_task
from tests.support.anki_packages import exported_packages, signed_in_learner_with_words

pytestmark = [pytest.mark.django_db, pytest.mark.services]
UPLOADS = f"{uploads.UPLOAD_FOLDER}/"


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    return exported_packages(tmp_path_factory.mktemp("anki"))[0]


@pytest.fixture
def user(client):
    return signed_in_learner_with_words(client)


def upload(client, name: str, data: bytes):
    return client.post(reverse("anki:upload"), {"package": SimpleUploadedFile(name, data)})


def test_an_upload_is_kept_privately_in_the_bucket_imported_and_deleted(
    client, bucket, user, packages
):
    upload(client, "my deck.apkg", packages["modern"].read_bytes())
    record = AnkiImport.objects.get(learner=user)
    assert bucket.stored(UPLOADS) == {record.upload} and "deck" not in record.upload
    assert bucket.anonymous_status(record.upload) == 403
    import_anki_task(record.pk)
    record.refresh_from_db()
    assert record.status == AnkiImport.Status.DONE and record.new_reviews == 50
    assert ReviewLog.objects.filter(learner=user, source="anki").count() == 50
    assert record.upload == "" and bucket.stored(UPLOADS) == set()


def test_a_broken_upload_is_refused_on_the_page_and_nothing_is_stored(client, bucket, user):
    response = upload(client, "deck.apkg", b"PK\x03\x04 but nothing after")
    page = response.content.decode()
    assert response.status_code == 200
    assert any(str(message) in page for message in uploads.MESSAGES.values())
    assert not AnkiImport.objects.exists() and bucket.stored() == set()


def test_a_package_refused_by_the_import_is_deleted_with_its_reason_kept(
    client, bucket, user, packages
):
    upload(client, "deck.apkg", packages["unscheduled"].read_bytes())
    record = AnkiImport.objects.get(learner=user)
    import_anki_task(record.pk)
    record.refresh_from_db()
    assert (record.status, record.error) == (AnkiImport.Status.FAILED, "NoScheduling")
    assert bucket.stored(UPLOADS) == set() and not ReviewLog.objects.exists()


def put(name: str) -> str:
    return default_storage.save(name, ContentFile(b"x" * 10))


def test_the_sweep_lists_the_bucket_and_deletes_only_old_strays(bucket, user):
    stray = put(f"{UPLOADS}stray.apkg")
    held = put(f"{UPLOADS}held.apkg")
    AnkiImport.objects.create(learner=user, upload=held, queued_at=timezone.now())
    recording = put(f"{VOICE_RECORDING_FOLDER}/lost.webm")
    neighbour = put(f"{uploads.UPLOAD_FOLDER}-other/kept.apkg")  # another folder
    deck, marker = put(f"{builds.FOLDER}/a.apkg"), put(f"{builds.FOLDER}/a.json")
    now = timezone.now()
    assert sweeping.delete_stray_uploads(now=now) == 0  # nothing is old yet
    later = now + sweeping.DECK_MAX_AGE + timedelta(hours=1)
    assert sweeping.delete_stray_uploads(now=later) == 1
    assert voice_recordings.delete_stray_files(now=later) == 1
    assert sweeping.prune_deck_cache(now=later) == 2
    assert bucket.stored() == {held, neighbour}
    assert {stray, recording, deck, marker}.isdisjoint(bucket.stored())


def test_stored_files_reads_names_times_and_sizes_from_the_bucket(bucket):
    before = timezone.now() - timedelta(minutes=1)
    names = {put(f"{builds.FOLDER}/{n}.apkg") for n in range(3)}
    found = sweeping.stored_files(builds.FOLDER)
    assert {stored.path for stored in found} == names
    assert all(stored.size == 10 and stored.modified > before for stored in found)
    assert sweeping.stored_files("no-such-folder") == []

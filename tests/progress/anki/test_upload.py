"""Uploading an Anki package: stored under a random name, imported by the task, deleted
after; hostile or broken files are refused on the page and change nothing."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from kombu import Connection

from progress.anki import package as anki_package
from progress.anki import uploads
from progress.anki.package import Limits
from progress.models import AnkiImport, Notification, ReviewCard, ReviewLog
from progress.tasks import import_anki_task
from tests.factories.accounts import learner
from tests.support.anki_packages import (
    exported_packages,
    legacy_package,
    signed_in_learner_with_words,
    write_zip,
)
from tests.support.workers import celery_worker, wait_for

pytestmark = pytest.mark.django_db
UPLOAD = reverse("anki:upload")


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    return exported_packages(tmp_path_factory.mktemp("anki"))[0]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "test-media"  # where a worker with this var dir looks
    return settings.MEDIA_ROOT


@pytest.fixture
def user(client):
    return signed_in_learner_with_words(client)


def upload(client, name, data):
    return client.post(UPLOAD, {"package": SimpleUploadedFile(name, data)})


def stored_uploads(media) -> list:
    folder = media / "anki-uploads"
    return list(folder.iterdir()) if folder.exists() else []


def test_the_upload_page_says_how_to_export_from_anki_desktop_and_ankidroid(client, user):
    page = client.get(UPLOAD).content.decode()
    assert 'accept=".apkg,.colpkg"' in page and 'enctype="multipart/form-data"' in page
    for step in ("File → Export…", "Anki Deck Package (*.apkg)", "Include scheduling information"):
        assert step in page
    assert "AnkiDroid" in page and "Include scheduling</span>”" in page


def test_the_upload_page_speaks_korean_to_a_korean_learner(client):
    client.force_login(learner(ui_language="ko"))
    page = client.get(UPLOAD, headers={"accept-language": "ko"}).content.decode()
    assert "Anki에서 한 복습 가져오기" in page and "내보내는 방법" in page


def test_signing_in_is_needed_to_upload(client):
    assert client.get(UPLOAD).status_code == 302


def test_an_upload_is_stored_under_a_random_name_and_the_task_queued(
    client, user, packages, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = upload(client, "my deck.apkg", packages["modern"].read_bytes())
    record = AnkiImport.objects.get(learner=user)
    assert response.url == reverse("anki:import_status", kwargs={"import_id": record.pk})
    assert record.status == AnkiImport.Status.QUEUED and len(callbacks) == 1
    assert record.upload.startswith("anki-uploads/") and "deck" not in record.upload
    assert default_storage.exists(record.upload)
    assert not ReviewLog.objects.exists()


def test_the_task_imports_deletes_the_upload_and_tells_the_learner(client, user, packages, media):
    upload(client, "deck.apkg", packages["modern"].read_bytes())
    record = AnkiImport.objects.get(learner=user)
    import_anki_task(record.pk)
    record.refresh_from_db()
    assert record.status == AnkiImport.Status.DONE and record.finished_at
    assert (record.new_reviews, record.already_known, record.foreign_notes) == (50, 0, 0)
    assert ReviewLog.objects.filter(learner=user, source="anki").count() == 50
    assert record.upload == "" and stored_uploads(media) == []
    note = Notification.objects.get(learner=user, kind=Notification.Kind.ANKI_IMPORT)
    assert "50 new reviews" in note.text
    page = client.get(reverse("anki:import_status", kwargs={"import_id": record.pk}))
    assert "50 reviews imported" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()


def test_uploading_the_same_file_again_adds_nothing(client, user, packages):
    for name in ("deck.apkg", "deck.colpkg"):
        source = packages["modern" if name.endswith("apkg") else "colpkg"]
        upload(client, name, source.read_bytes())
        import_anki_task(AnkiImport.objects.latest("pk").pk)
    first, second = AnkiImport.objects.order_by("pk")
    assert (second.new_reviews, second.already_known) == (0, first.new_reviews)
    assert ReviewLog.objects.count() == first.new_reviews


def test_an_import_already_done_is_not_run_again(client, user, packages):
    upload(client, "deck.apkg", packages["modern"].read_bytes())
    record = AnkiImport.objects.get()
    import_anki_task(record.pk)
    import_anki_task(record.pk)
    assert Notification.objects.filter(kind=Notification.Kind.ANKI_IMPORT).count() == 1
    assert AnkiImport.objects.get().new_reviews == 50


def test_the_status_page_polls_while_waiting_and_works_without_javascript(client, user, packages):
    upload(client, "deck.apkg", packages["modern"].read_bytes())
    url = reverse("anki:import_status", kwargs={"import_id": AnkiImport.objects.get().pk})
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'http-equiv="refresh"' in page
    fragment = client.get(url, headers={"hx-request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div class="card" id="import-status"')


def test_only_the_owner_can_see_an_import(client, user, packages):
    upload(client, "deck.apkg", packages["modern"].read_bytes())
    url = reverse("anki:import_status", kwargs={"import_id": AnkiImport.objects.get().pk})
    client.force_login(learner())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_file_that_breaks_in_the_task_fails_cleanly_and_is_deleted(client, user, media):
    path = default_storage.save("anki-uploads/broken.apkg", ContentFile(b"not a zip"))
    record = AnkiImport.objects.create(learner=user, upload=path)
    import_anki_task(record.pk)
    record.refresh_from_db()
    assert (record.status, record.error) == (AnkiImport.Status.FAILED, "NotAZip")
    assert stored_uploads(media) == [] and not ReviewLog.objects.exists()
    message = "This file is not an Anki package (.apkg or .colpkg)."
    assert message in Notification.objects.get(learner=user).text
    page = client.get(reverse("anki:import_status", kwargs={"import_id": record.pk}))
    assert message in page.content.decode()


def zip_bomb(tmp_path):
    return write_zip(tmp_path / "bomb.apkg", [("collection.anki2", bytes(4 * 1024 * 1024))])


def evil_name(tmp_path):
    return write_zip(tmp_path / "evil.apkg", [("../collection.anki2", b"x")])


def not_sqlite(tmp_path):
    return legacy_package(tmp_path, b"this is not an SQLite database")


def empty_zip(tmp_path):
    return write_zip(tmp_path / "empty.apkg", [("meta", b"\x08\x02")])


HOSTILE = {
    "not a zip": (lambda tmp_path: None, "This file is not an Anki package (.apkg or .colpkg)."),
    "zip bomb": (zip_bomb, "unpacks to far more data than an Anki export holds"),
    "path in a name": (evil_name, "contains a file name that Anki never writes"),
    "no collection": (empty_zip, "This package holds no Anki collection."),
}
# Found only when the collection is inflated, which the worker alone does.
REFUSED_BY_THE_WORKER = {
    "not a collection": (not_sqlite, "MalformedCollection"),
    "unscheduled": (lambda tmp_path: None, "NoScheduling"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_file_shows_a_clear_message_and_changes_nothing(
    client, user, media, tmp_path, kind
):
    build, message = HOSTILE[kind]
    path = build(tmp_path)
    data = path.read_bytes() if path else b"hello, this is text"
    before = ReviewCard.objects.count(), ReviewLog.objects.count(), AnkiImport.objects.count()
    response = upload(client, "deck.apkg", data)
    assert response.status_code == 200 and message in response.content.decode()
    after = ReviewCard.objects.count(), ReviewLog.objects.count(), AnkiImport.objects.count()
    assert after == before == (0, 0, 0) and stored_uploads(media) == []


@pytest.mark.parametrize("kind", REFUSED_BY_THE_WORKER)
def test_a_file_found_wrong_when_inflated_fails_in_the_task_and_changes_nothing(
    client, user, packages, media, tmp_path, kind
):
    build, error = REFUSED_BY_THE_WORKER[kind]
    path = build(tmp_path) or packages["unscheduled"]
    assert upload(client, "deck.apkg", path.read_bytes()).status_code == 302
    record = AnkiImport.objects.get()
    import_anki_task(record.pk)
    record.refresh_from_db()
    assert (record.status, record.error) == (AnkiImport.Status.FAILED, error)
    assert ReviewLog.objects.count() == 0 and stored_uploads(media) == []
    message = uploads.learner_message(error)
    assert message in Notification.objects.get(learner=user).text


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    client, user, packages, media, monkeypatch
):
    monkeypatch.setattr(anki_package, "DEFAULT_LIMITS", Limits(upload_bytes=1000))
    response = upload(client, "deck.apkg", packages["modern"].read_bytes())
    assert "This file is too large." in response.content.decode()
    assert not AnkiImport.objects.exists() and stored_uploads(media) == []


def test_a_refusal_is_shown_in_korean_to_a_korean_learner(client):
    client.force_login(learner(ui_language="ko"))
    response = client.post(
        UPLOAD,
        {"package": SimpleUploadedFile("x.apkg", b"text")},
        headers={"accept-language": "ko"},
    )
    assert "Anki 파일(.apkg 또는 .colpkg)이 아닙니다" in response.content.decode()


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_imports_an_upload_and_deletes_it(user, packages, media, redis_url):
    upload = SimpleUploadedFile("deck.apkg", packages["modern"].read_bytes())
    record = uploads.start_import(learner=user, upload=upload)
    with celery_worker(var_dir=media.parent, redis_url=redis_url) as queue:
        with Connection(redis_url) as conn:
            import_anki_task.apply_async(args=[record.pk], queue=queue, connection=conn)
        done = AnkiImport.Status.DONE
        assert wait_for(lambda: AnkiImport.objects.filter(pk=record.pk, status=done).exists())
    assert ReviewLog.objects.filter(learner=user, source="anki").count() == 50
    assert stored_uploads(media) == []

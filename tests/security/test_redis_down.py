"""Redis stops: every page still answers, a cache read counts as a miss, /healthz
reports the cache, and an upload whose task message cannot be sent is kept for
the sweep to send again.

A private redis-server on a free port is started, used, then killed; the shared
Redis is never touched."""

import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from cms.celery import app
from cms.settings.base import redis_cache
from hub.navigation import CACHE_KEY
from progress.anki import builds
from progress.models import AnkiImport
from tests.conftest import missing
from tests.factories.accounts import learner
from tests.factories.hub import directory
from tests.factories.lessons import VocabularyItemFactory
from tests.progress.anki.test_views import give_words
from tests.support.anki_packages import WORDS, exported_packages

REDIS_SERVER = shutil.which("redis-server")
STARTUP_TRIES = 100


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own; yields (url, stop)."""
    if REDIS_SERVER is None:
        missing("the redis-server binary")
    port = free_port()
    args = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    args += ["--appendonly", "no", "--dir", str(tmp_path)]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL)  # noqa: S603
    for _ in range(STARTUP_TRIES):
        if answers(port):
            break
        time.sleep(0.05)

    def stop():
        server.terminate()
        server.wait(timeout=10)

    yield f"redis://127.0.0.1:{port}/0", stop
    if server.poll() is None:
        stop()


@pytest.fixture
def redis_goes_down(private_redis, settings):
    """The cache and the broker on the private Redis, warm, and then Redis killed."""
    url, stop = private_redis
    settings.CACHES = {"default": {**redis_cache(url), "KEY_PREFIX": "security-test"}}
    assert cache.set("probe", 1) is None and cache.get("probe") == 1, "the cache never worked"
    with broker_at(url):
        stop()
        yield url


class broker_at:
    """Point the Celery app's producers at another broker for a while. The app reads
    its settings once, so changing Django's settings alone would not reach it."""

    def __init__(self, url: str):
        self.url = url

    def __enter__(self):
        self.saved = app.conf.broker_url, app.conf.broker_transport_options
        app.conf.broker_url, app.conf.broker_transport_options = self.url, {}
        self._forget_pools()

    def __exit__(self, *exc):
        app.conf.broker_url, app.conf.broker_transport_options = self.saved
        self._forget_pools()

    @staticmethod
    def _forget_pools():
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def lesson_url(lesson):
    return lesson.url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "signed_in"),
    [
        ("/", True),
        ("lesson", True),
        ("/learn/review/", True),
        ("help", True),
        ("/", False),
        ("/accounts/login/", False),
        ("/learn/recover/", False),
    ],
)
def test_pages_answer_with_redis_down(client, lesson_url, redis_goes_down, path, signed_in):
    if signed_in:
        client.force_login(learner())
    url = {"lesson": lesson_url, "help": directory().url}.get(path, path)
    response = client.get(url)
    assert response.status_code == 200, url
    assert cache.get(CACHE_KEY) is None


@pytest.mark.django_db
def test_signing_in_works_with_redis_down(client, redis_goes_down):
    person = learner()
    person.set_password("a long pass phrase")
    person.save()
    login = reverse("account_login")
    response = client.post(login, {"login": person.username, "password": "a long pass phrase"})
    assert response.status_code == 302
    assert client.get("/").context["user"] == person


@pytest.mark.django_db
def test_a_failed_recovery_with_redis_down_says_why(client, redis_goes_down):
    form = {"username": "nobody", "code": "ABCD-EFGH", "new_password1": "x" * 12}
    response = client.post("/learn/recover/", {**form, "new_password2": "x" * 12})
    assert response.status_code == 200
    assert "recovery code is not right" in response.content.decode()


@pytest.mark.django_db
def test_healthz_reports_the_cache_down(client, redis_goes_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"]["ok"] is False


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    return exported_packages(tmp_path_factory.mktemp("anki"))[0]["modern"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_upload_with_the_broker_down_is_kept_for_the_sweep(
    client, settings, tmp_path, package, redis_goes_down
):
    settings.MEDIA_ROOT = tmp_path
    for word in WORDS:
        VocabularyItemFactory(uuid=uuid.UUID(word))
    person = learner()
    client.force_login(person)
    upload = SimpleUploadedFile("deck.apkg", package.read_bytes())
    response = client.post(reverse("anki:upload"), {"package": upload}, follow=True)
    assert response.status_code == 200
    record = AnkiImport.objects.get(learner=person)
    assert record.status == AnkiImport.Status.QUEUED and (tmp_path / record.upload).exists()
    assert "will start within the hour" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_deck_with_the_broker_down_shows_its_progress_page(
    client, settings, tmp_path, monkeypatch, redis_goes_down
):
    """The build's message cannot be sent: the page says the deck is being made, and the
    dead-build rule of `builds` tries again later, instead of a server error."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(builds, "LARGE_DECK", 1)
    person = learner()
    give_words(person, VocabularyItemFactory.create_batch(3))
    client.force_login(person)
    response = client.get(reverse("anki:mine"))
    assert response.status_code == 200 and b"<progress" in response.content

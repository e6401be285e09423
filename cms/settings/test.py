"""The test suite: fast hashing, mail kept in memory, a file-backed SQLite test
database by default so that a real Celery worker process can see it."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, VAR_DIR

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
AXES_ENABLED = False
# A tone per text: the real engine runs only in the tests that ask for it.
AUDIO_ENGINE = "lessons.audio.engine.ToneEngine"
# The cache outlives each test's rollback and SQLite hands out the same user ids
# again, so per-user limits would carry over between tests; their own tests set them.
HUB_PROPOSALS_PER_DAY = HUB_STORIES_PER_DAY = VOICE_RECORDINGS_PER_DAY = 10_000
TUTOR_REQUESTS_PER_DAY = TUTOR_REPORTS_PER_DAY = 10_000
SIGNUP_INVITE_CODE = "test-join-code"
DEMO_ACCOUNTS_ALLOWED = True

# Runs that share one Redis never read each other's cached values.
CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per test run, so that parallel runs never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

"""Local development: DEBUG on, a secret key generated once into var/."""

import secrets

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
DEMO_ACCOUNTS_ALLOWED = True
SIGNUP_INVITE_CODE = "saebom-demo"


def _local_secret_key():
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _local_secret_key()
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

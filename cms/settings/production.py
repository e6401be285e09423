"""Production: everything secret comes from the environment; refuse to start
with a guessable SECRET_KEY or with nowhere to send mail."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import EMAIL_HOST, MIDDLEWARE, SECRET_KEY

MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 5
# Keys copied from examples, tutorials and our own test settings.
KNOWN_SECRET_KEYS = {"changeme", "change-me", "secret", "secret-key", "test-only-not-secret"}


def weak_secret_key_reason(key: str) -> str:
    """Why a key is guessable (empty when it is not); the checks Django's own
    security.W009 makes, as a refusal instead of a warning."""
    if not key:
        return "SECRET_KEY must be set in the environment for production."
    if key.lower() in KNOWN_SECRET_KEYS or key.startswith("django-insecure"):
        return "SECRET_KEY is a known default; generate a new one."
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_CHARACTERS:
        return (
            f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters with at least "
            f"{MIN_SECRET_KEY_CHARACTERS} different ones."
        )
    return ""


if reason := weak_secret_key_reason(SECRET_KEY):
    raise ImproperlyConfigured(
        f"{reason} For example: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

# Password-reset links must never land in a log: without a mail host, production
# only starts when mail is switched off on purpose, and then sends nothing.
EMAIL_DISABLED = os.environ.get("EMAIL_DISABLED", "").lower() in {"1", "true", "yes"}
if EMAIL_DISABLED:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
elif not EMAIL_HOST:
    raise ImproperlyConfigured(
        "EMAIL_HOST must be set for production (password-reset mail needs it); "
        "set EMAIL_DISABLED=true to run without sending any mail."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview frames the site inside its own admin.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Pages are gzipped; WhiteNoise answers static files (compressed at collectstatic)
# before the request reaches GZip. Django masks each response's CSRF token (BREACH).
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
MIDDLEWARE = [
    *MIDDLEWARE[: MIDDLEWARE.index(WHITENOISE) + 1],
    "django.middleware.gzip.GZipMiddleware",
    *MIDDLEWARE[MIDDLEWARE.index(WHITENOISE) + 1 :],
]

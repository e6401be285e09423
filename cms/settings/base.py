"""Production-safe settings shared by every environment.

Configuration comes from the environment and is read here only. dev, test and
production override a handful of names each.
"""

import os
from pathlib import Path

import dj_database_url

from cms.settings.environment import media_storage_from_environment, number_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SAEBOM_VAR_DIR", BASE_DIR / "var"))

# ---------------------------------------------------------------- core

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]
WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "axes",
    "django_htmx",
    "django_celery_beat",
]
# cms first: its templates override allauth's and Wagtail's.
LOCAL_APPS = [
    "cms",
    "accounts",
    "lessons",
    "courses",
    "progress",
    "hub",
    "content",
]
INSTALLED_APPS = LOCAL_APPS + DJANGO_APPS + WAGTAIL_APPS + THIRD_PARTY_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.middleware.PrivatePagesMiddleware",
    "cms.middleware.ClearSiteDataOnSignOutMiddleware",
    "accounts.middleware.LearnerLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that lockouts see the final response of a failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.learner_preferences",
            ],
            "libraries": {"hub_tags": "hub.templatetags.hub_tags"},
        },
    },
]

# ---------------------------------------------------------------- data

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=number_from_environment("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A PostgreSQL server that stops answering fails a request (and /healthz) after
# these many seconds instead of hanging every worker; 0 turns the statement limit off.
DATABASE_CONNECT_TIMEOUT = number_from_environment("DATABASE_CONNECT_TIMEOUT", 5)
DATABASE_STATEMENT_TIMEOUT = number_from_environment("DATABASE_STATEMENT_TIMEOUT", 20, float)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": DATABASE_CONNECT_TIMEOUT,
        "options": f"-c statement_timeout={round(DATABASE_STATEMENT_TIMEOUT * 1000)}",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two writers at once (a phone's page and its service worker sending the same
    # answers): each transaction takes the write lock when it begins and waits for it,
    # instead of failing with "database is locked" when a reader turns writer.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Seconds a cache call waits for Redis before the page goes on without the cache.
REDIS_CACHE_TIMEOUT = number_from_environment("REDIS_CACHE_TIMEOUT", 0.5, float)


def redis_cache(url: str) -> dict:
    """The cache on Redis: fails open (cms.cache), waits at most REDIS_CACHE_TIMEOUT."""
    timeouts = {"socket_connect_timeout": REDIS_CACHE_TIMEOUT}
    timeouts["socket_timeout"] = REDIS_CACHE_TIMEOUT
    return {"BACKEND": "cms.cache.FailOpenRedisCache", "LOCATION": url, "OPTIONS": timeouts}


REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ---------------------------------------------------------------- security

# Load balancers probe /healthz over plain HTTP; a redirect would read as healthy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# No inline script or style anywhere on the site; Wagtail's admin needs its own
# inline scripts, so it is left out of the policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # blob: plays back a learner's own recording, which never leaves the phone unsent.
        "media-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
# Word and sentence cards record the learner's voice ("Record yourself"): the
# microphone is ours alone, never an embedded page's.
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": ["self"],
    "payment": [],
    "usb": [],
}

# ---------------------------------------------------------------- accounts

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Usernames, not emails: a pseudonym is enough to learn with Saebom.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# Sign-up accepts an address another account has (it stays unverified on both),
# so that the answer never tells whose address is registered here.
ACCOUNT_PREVENT_ENUMERATION = "strict"
ACCOUNT_ADAPTER = "accounts.adapter.LearnerAccountAdapter"
ACCOUNT_FORMS = {
    "signup": "courses.forms.LearnerSignupForm",
    "login": "accounts.forms.LearnerLoginForm",
}
# Phones are shared: adding or changing an email address (and our new recovery
# codes) asks for the password again; it counts for REAUTHENTICATION_TIMEOUT
# seconds. Only the password: a mail app on the same phone must not stand in.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_REAUTHENTICATION_METHODS = ("password",)
# Learners join with a code: a classroom's, or this site-wide one.
SIGNUP_INVITE_CODE = os.environ.get("SIGNUP_INVITE_CODE", "")
OPEN_REGISTRATION = os.environ.get("OPEN_REGISTRATION", "").lower() in {"1", "true", "yes"}
# Only the learner sets the learner's password (recovery codes or email).
WAGTAILUSERS_PASSWORD_ENABLED = False

# How many proxies of our own stand in front (the README's TLS proxy is one):
# past them X-Forwarded-For names the client; with 0 it is ignored and
# REMOTE_ADDR counts. accounts.ratelimit.client_ip is the one rule using it.
TRUSTED_PROXY_COUNT = number_from_environment("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Failed sign-ins lock one user name at one address, so a stranger cannot lock
# a learner out everywhere. allauth's own per-user-name limit would let anyone
# do just that, so it only limits bursts per address.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}

# "Leave now" (빨리 닫기) replaces the page with this one: ordinary, and nothing to do
# with Saebom, so that a glance at the phone shows nothing.
LEAVE_NOW_URL = os.environ.get("LEAVE_NOW_URL", "https://www.google.com/")

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.ratelimit.axes_username"
AXES_CLIENT_IP_CALLABLE = "accounts.ratelimit.client_ip"
AXES_VERBOSE = False
# Days django-axes' records of sign-in attempts (user name, IP, browser) are kept.
AXES_RECORDS_KEEP_DAYS = 30

# ---------------------------------------------------------------- language and time

LANGUAGE_CODE = "en"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# ---------------------------------------------------------------- files

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Local files by default; MEDIA_STORAGE=s3 and S3_* select a private S3-compatible bucket.
STORAGES = {
    "default": media_storage_from_environment(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Anki imports a learner may start in any 24 hours, and the reviews a learner may
# keep in all: one import of a million reviews takes a worker minutes.
ANKI_IMPORTS_PER_DAY = 5
ANKI_REVIEWS_PER_LEARNER = 2_000_000
# The text-to-speech engine (lessons/audio/engine.py); its voice ships inside the package.
AUDIO_ENGINE = "lessons.audio.engine.HibariEngine"

# ---------------------------------------------------------------- wagtail

WAGTAIL_SITE_NAME = "Saebom English"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt"]
# Documents (an editor's recording of a word among them) are sent by Saebom from
# storage, at one address on this site: never a redirect to a (signed) bucket URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# ---------------------------------------------------------------- hub

# Per user and day (accounts.ratelimit.ActionLimit): each proposal becomes a page for
# editors to read, and each story a draft; spam would bury the real ones.
HUB_PROPOSALS_PER_DAY = number_from_environment("HUB_PROPOSALS_PER_DAY", 5)
HUB_STORIES_PER_DAY = number_from_environment("HUB_STORIES_PER_DAY", 10)

# ---------------------------------------------------------------- voice recordings

# Recordings a learner may send their tutors per day (ActionLimit), and the largest
# file: MediaRecorder's Opus at phone rates fills 1 MB in about four minutes, and the
# recorder stops after 30 seconds.
VOICE_RECORDINGS_PER_DAY = number_from_environment("VOICE_RECORDINGS_PER_DAY", 30)
VOICE_RECORDING_MAX_BYTES = 1024 * 1024

# ---------------------------------------------------------------- tutor matching

# Per learner and day (ActionLimit): each request lands on a tutor's list and each
# report in the editors' queue and mailboxes.
TUTOR_REQUESTS_PER_DAY = number_from_environment("TUTOR_REQUESTS_PER_DAY", 10)
TUTOR_REPORTS_PER_DAY = number_from_environment("TUTOR_REPORTS_PER_DAY", 5)

# Where to report a security problem (mailto: or https:), served at /.well-known/security.txt.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "")

# ---------------------------------------------------------------- email

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = number_from_environment("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Saebom <no-reply@localhost>")

# ---------------------------------------------------------------- celery

# With REDIS_URL, Redis is the broker. Without it, kombu's filesystem transport
# runs a real worker and beat on one host with no server at all.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_QUEUE_DIR = VAR_DIR / "celery"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": 3600}
    if REDIS_URL
    else {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
        "polling_interval": 1,
    }
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic work, one entry per job: cms/settings/schedule.py.
from cms.settings.schedule import CELERY_BEAT_SCHEDULE  # noqa: E402, F401

# /healthz calls the heartbeat stale after this many seconds.
HEARTBEAT_MAX_AGE = 180

# ---------------------------------------------------------------- logging

# Logs never repeat what a learner typed: a database error's text (which quotes
# the failing row) is withheld by cms.redaction, SQL with its parameters is never
# logged, even at LOG_LEVEL=DEBUG, and Django's own loggers write only to the
# console (not Django's default mail to ADMINS, which carries the request's POST).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"withhold_database_text": {"()": "cms.redaction.WithholdDatabaseErrorText"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["withhold_database_text"]}
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # Two lines per background task (every search-index update): noise at INFO.
        "django_tasks": {"level": "WARNING"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# ---------------------------------------------------------------- demo

# seed_demo creates well-known accounts; only dev and test allow it.
DEMO_ACCOUNTS_ALLOWED = False

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-secret-" + "x7Qp2Lm9" * 6,
    "ALLOWED_HOSTS": "saebom.example",
    "DATABASE_URL": "sqlite:////tmp/saebom-deploy-check.sqlite3",
    "EMAIL_HOST": "smtp.saebom.example",
}


def run(args, *, settings, extra_env=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update({"DJANGO_SETTINGS_MODULE": settings, **(extra_env or {})})
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("module", "extra_env"),
    [
        ("cms.settings.dev", {}),
        ("cms.settings.test", {}),
        ("cms.settings.production", PRODUCTION_ENV),
    ],
)
def test_settings_module_loads(module, extra_env):
    result = run(["-c", "import django; django.setup()"], settings=module, extra_env=extra_env)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run(
        ["-c", "import django; django.setup()"], settings="cms.settings.production", extra_env=env
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_deploy_check_with_no_warnings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        settings="cms.settings.production",
        extra_env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_redis_url_makes_redis_the_broker_and_cache():
    code = (
        "from django.conf import settings as s;"
        "print(s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])"
    )
    result = run(
        ["-c", f"import django; django.setup(); {code}"],
        settings="cms.settings.dev",
        extra_env={"REDIS_URL": "redis://127.0.0.1:6379/3"},
    )
    assert result.stdout.split() == [
        "redis://127.0.0.1:6379/3",
        "cms.cache.FailOpenRedisCache",
    ]


def test_without_redis_url_the_broker_needs_no_server():
    code = "from django.conf import settings as s; print(s.CELERY_BROKER_URL)"
    env = {"REDIS_URL": ""}
    result = run(
        ["-c", f"import django; django.setup(); {code}"], settings="cms.settings.dev", extra_env=env
    )
    assert result.stdout.strip() == "filesystem://"


def production_middleware() -> list[str]:
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print('\\n'.join(settings.MIDDLEWARE))"
    result = run(["-c", script], settings="cms.settings.production", extra_env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.django_db
def test_production_serves_pages_gzipped_when_asked(client, settings):
    middleware = production_middleware()
    assert middleware.index("django.middleware.gzip.GZipMiddleware") == (
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    )
    settings.MIDDLEWARE = middleware
    zipped = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get("/accounts/login/")
    assert zipped.status_code == plain.status_code == 200
    assert zipped["Content-Encoding"] == "gzip"
    assert b"<form" in gzip.decompress(zipped.content)
    assert not plain.has_header("Content-Encoding")

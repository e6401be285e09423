"""Production refuses to start with a guessable secret key or without a mail host."""

import pytest

from tests.cms.test_settings import PRODUCTION_ENV, run

SETUP = "import django; django.setup(); from django.conf import settings as s; "


def start(**env):
    return run(
        ["-c", SETUP + "print(s.EMAIL_BACKEND)"],
        settings="cms.settings.production",
        extra_env={**PRODUCTION_ENV, **env},
    )


@pytest.mark.parametrize(
    "key",
    [
        "changeme",
        "secret",
        "django-insecure-" + "k3#x9!q0zp@w^8m&r2t7y(e5u1i4o6a)",
        "test-only-not-secret",
        "x" * 60,
        "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcab",
        "Short-but-Random-7",
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    result = start(SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_mail_host():
    result = start(EMAIL_HOST="")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "EMAIL_HOST" in result.stderr


def test_mail_switched_off_on_purpose_goes_nowhere_not_to_the_log():
    result = start(EMAIL_HOST="", EMAIL_DISABLED="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.dummy.EmailBackend"


def test_production_with_a_strong_key_and_a_mail_host_sends_by_smtp():
    result = start()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TRUSTED_PROXY_COUNT", "abc"),
        ("TRUSTED_PROXY_COUNT", "-1"),
        ("EMAIL_PORT", "5 87"),
        ("DATABASE_STATEMENT_TIMEOUT", "twenty"),
        ("HUB_STORIES_PER_DAY", "1.5"),
    ],
)
def test_a_number_setting_that_is_not_a_number_is_named_before_start(name, value):
    result = start(**{name: value})
    assert result.returncode != 0
    assert f"{name} must be" in result.stderr
    assert "ValueError" not in result.stderr


def test_number_settings_read_from_the_environment_are_numbers():
    result = run(
        ["-c", SETUP + "print(s.TRUSTED_PROXY_COUNT, s.DATABASE_STATEMENT_TIMEOUT)"],
        settings="cms.settings.production",
        extra_env={
            **PRODUCTION_ENV,
            "TRUSTED_PROXY_COUNT": " 2 ",
            "DATABASE_STATEMENT_TIMEOUT": "7.5",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 7.5"

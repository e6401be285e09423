"""Lockouts stop guessing without letting a stranger lock a learner out."""

from django.core.cache import cache
from django.urls import reverse

import pytest
import time_machine

from accounts import recovery
from tests.cms.test_settings import PRODUCTION_ENV, run
from tests.factories.accounts import PASSWORD, learner

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
STRANGER = "203.0.113.5"
OWNER = "198.51.100.7"
NEW_PASSWORD = "a-new-spring-2026"
START = "2026-12-06 09:00:00+00:00"


@pytest.fixture(autouse=True)
def axes_on(settings):
    cache.clear()
    settings.AXES_ENABLED = True


@pytest.fixture
def behind_one_proxy(settings):
    """The README's deployment: one TLS proxy that appends the client to X-Forwarded-For."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def sign_in(client, username, password, *, via=None):
    headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": via} if via else {}
    return client.post(
        reverse("account_login"), {"login": username, "password": password}, **headers
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_lockout_holds_whatever_the_case_of_the_user_name(client):
    user = learner()
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(5):
            sign_in(client, user.username, "wrong-password")
        clock.shift(10 * 60)  # still inside the hour's lockout
        sign_in(client, user.username.upper(), PASSWORD)
        assert not signed_in(client)
        clock.shift(2 * 60 * 60)  # the hour is over
        sign_in(client, user.username.upper(), PASSWORD)
        assert signed_in(client)


def test_behind_the_proxy_a_stranger_does_not_lock_the_owner_out(
    client, django_user_model, behind_one_proxy
):
    user = learner()
    stranger = client.__class__()
    for _ in range(6):
        sign_in(stranger, user.username, "wrong-password", via=STRANGER)
    sign_in(stranger, user.username, PASSWORD, via=STRANGER)
    assert not signed_in(stranger)
    sign_in(client, user.username, PASSWORD, via=f"{STRANGER}, {OWNER}")
    assert signed_in(client)


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_a_lockout(client):
    user = learner()
    for n in range(5):
        sign_in(client, user.username, "wrong-password", via=f"192.0.2.{n}")
    sign_in(client, user.username, PASSWORD, via="192.0.2.99")
    assert not signed_in(client)


def test_the_proxy_count_comes_from_the_environment_and_axes_follows_it():
    code = (
        "from django.test import RequestFactory;"
        "from axes.helpers import get_client_ip_address;"
        f"r = RequestFactory().get('/', REMOTE_ADDR='{PROXY}',"
        f" HTTP_X_FORWARDED_FOR='{STRANGER}, {OWNER}');"
        "print(get_client_ip_address(r))"
    )

    def client_seen(count):
        result = run(
            ["-c", f"import django; django.setup(); {code}"],
            settings="cms.settings.production",
            extra_env={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": count},
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert client_seen("1") == OWNER
    assert client_seen("") == PROXY


def recover(client, username, code, *, via):
    data = {"username": username, "code": code}
    data |= {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    headers = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": via}
    return client.post(reverse("accounts:recover_password"), data, **headers)


def test_a_strangers_recovery_failures_do_not_lock_the_owner_out(client, behind_one_proxy):
    user = learner()
    codes = recovery.issue_recovery_codes(user=user)
    for _ in range(6):
        recover(client, user.username.upper(), "AAAA-BBBB-CCCC-DDDD", via=STRANGER)
    recover(client, user.username, codes[1], via=STRANGER)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = recover(client, user.username, codes[0], via=OWNER)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_recovery_has_a_ceiling_per_user_name_across_addresses(client, behind_one_proxy):
    from accounts.ratelimit import MAX_FAILURES_PER_NAME

    user = learner()
    codes = recovery.issue_recovery_codes(user=user)
    for n in range(MAX_FAILURES_PER_NAME):
        recover(client, user.username, "AAAA-BBBB-CCCC-DDDD", via=f"203.0.113.{n % 250}")
    recover(client, user.username, codes[0], via=OWNER)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

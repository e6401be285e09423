"""A signed-in session alone must not take an account over: sensitive actions
ask for the password again."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

import pytest
import time_machine
from allauth.account.models import EmailAddress

from accounts import recovery
from accounts.exceptions import RecoveryFailed
from accounts.models import RecoveryCode
from tests.factories.accounts import PASSWORD, learner

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-spring-2026"
START = "2026-12-06 09:00:00+00:00"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


@pytest.fixture
def signed_in(client):
    """A learner whose session is all an intruder holding the phone has."""
    user = learner()
    old_codes = recovery.issue_recovery_codes(user=user)
    client.force_login(user)
    return user, old_codes


def reauthenticate(client, asked, password=PASSWORD):
    """Answer the password page `asked` sent us to, as its form does (with ?next=)."""
    return client.post(asked["Location"], {"password": password})


def old_code_still_works(user, code) -> bool:
    try:
        recovery.recover_password(username=user.username, code=code, new_password=NEW_PASSWORD)
    except RecoveryFailed:
        return False
    return True


@time_machine.travel(START, tick=False)
def test_a_session_alone_cannot_issue_new_recovery_codes(client, signed_in):
    user, old_codes = signed_in
    hashes = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    response = client.post(reverse("accounts:recovery_codes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert set(RecoveryCode.objects.values_list("code_hash", flat=True)) == hashes
    assert reauthenticate(client, response, password="not-the-password").status_code == 200
    assert set(RecoveryCode.objects.values_list("code_hash", flat=True)) == hashes
    assert old_code_still_works(user, old_codes[0])


@time_machine.travel(START, tick=False)
def test_after_the_password_new_recovery_codes_are_issued(client, signed_in):
    user, old_codes = signed_in
    asked = client.post(reverse("accounts:recovery_codes"))
    page = reauthenticate(client, asked).content.decode()
    assert page.count("<code>") == recovery.RECOVERY_CODE_COUNT
    assert not old_code_still_works(user, old_codes[1])


def test_the_password_counts_for_a_few_minutes_only(client, signed_in):
    with time_machine.travel(START, tick=False) as clock:
        reauthenticate(client, client.post(reverse("accounts:recovery_codes")))
        clock.shift(60 * 60)
        response = client.post(reverse("accounts:recovery_codes"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


@time_machine.travel(START, tick=False)
def test_a_session_alone_cannot_add_an_email(client, signed_in):
    user, _ = signed_in
    data = {"email": "intruder@example.org", "action_add": ""}
    response = client.post(reverse("account_email"), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(user=user).exists()
    reauthenticate(client, response)
    assert EmailAddress.objects.filter(user=user, email="intruder@example.org").exists()


@time_machine.travel(START, tick=False)
def test_a_session_alone_cannot_change_the_password(client, signed_in):
    user, _ = signed_in
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client.post(reverse("account_change_password"), {**data, "oldpassword": "a-guess-123"})
    client.post(reverse("account_change_password"), data)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    client.post(reverse("account_change_password"), {**data, "oldpassword": PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_deleting_the_account_without_the_right_password_changes_nothing(client, signed_in):
    user, _ = signed_in
    response = client.post(reverse("privacy:delete_account"), {"password": "a-guess-123"})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert RecoveryCode.objects.filter(user=user).count() == recovery.RECOVERY_CODE_COUNT
    assert client.session.get("_auth_user_id") == str(user.pk)

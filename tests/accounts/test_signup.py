from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

import pytest

from accounts import adapter
from accounts import recovery as accounts
from accounts.exceptions import RecoveryFailed
from accounts.models import LearnerProfile, RecoveryCode
from tests.factories.accounts import PASSWORD, learner

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-spring-2026"


def sign_up(client, **fields):
    data = {
        "join_code": "test-join-code",
        "username": "sparrow",
        "display_name": "Sparrow",
        "email": "",
        "password1": "spring-river-42",
        "password2": "spring-river-42",
        **fields,
    }
    return client.post(reverse("account_signup"), data)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def test_sign_up_with_the_join_code_makes_a_learner_and_shows_recovery_codes_once(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:recovery_codes")
    user = get_user_model().objects.get(username="sparrow")
    assert LearnerProfile.objects.get(user=user).display_name == "Sparrow"
    page = client.get(response["Location"]).content.decode()
    assert page.count("<code>") == accounts.RECOVERY_CODE_COUNT
    assert RecoveryCode.objects.filter(user=user).count() == accounts.RECOVERY_CODE_COUNT
    assert "<code>" not in client.get(response["Location"]).content.decode()


def test_recovery_codes_are_stored_only_as_hashes(client):
    sign_up(client)
    shown = client.get(reverse("accounts:recovery_codes")).content.decode()
    stored = RecoveryCode.objects.first()
    assert stored.code_hash.startswith("md5$")  # the test settings' hasher
    for row in RecoveryCode.objects.all():
        assert accounts.canonical_code(row.code_hash) not in accounts.canonical_code(shown)


def test_sign_up_with_an_email_gets_no_recovery_codes(client):
    response = sign_up(client, email="sparrow@example.org")
    assert response["Location"] == "/"
    assert not RecoveryCode.objects.exists()


@pytest.mark.parametrize("code", ["", "wrong-code"])
def test_sign_up_without_the_right_join_code_is_refused(client, code):
    response = sign_up(client, join_code=code)
    assert response.status_code == 200
    assert response.context["form"].errors["join_code"]
    assert not get_user_model().objects.exists()


def test_open_registration_needs_no_code(client, settings):
    settings.OPEN_REGISTRATION = True
    assert sign_up(client, join_code="").status_code == 302
    assert get_user_model().objects.filter(username="sparrow").exists()


def test_the_site_code_is_accepted_in_any_case(settings):
    settings.SIGNUP_INVITE_CODE = "Spring-2026"
    assert adapter.is_site_invite_code(" spring-2026 ")
    assert not adapter.is_site_invite_code("autumn")


def test_no_site_code_and_closed_registration_lets_nobody_in(settings, client):
    settings.SIGNUP_INVITE_CODE = ""
    assert not adapter.is_site_invite_code("")
    assert adapter.join_code_required()
    assert sign_up(client, join_code="").status_code == 200
    assert not get_user_model().objects.filter(username="sparrow").exists()


def test_a_recovery_code_sets_a_new_password_once(client):
    user = learner()
    codes = accounts.issue_recovery_codes(user=user)
    data = {
        "username": user.username,
        "code": codes[3].lower(),
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    response = client.post(reverse("accounts:recover_password"), data)
    assert response["Location"] == reverse("account_login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1
    again = client.post(reverse("accounts:recover_password"), {**data, "new_password1": "x"})
    assert again.status_code == 200
    with pytest.raises(RecoveryFailed):
        accounts.recover_password(username=user.username, code=codes[3], new_password="z-9x-q8w")


def test_a_wrong_recovery_code_changes_nothing(client):
    user = learner()
    accounts.issue_recovery_codes(user=user)
    data = {
        "username": user.username,
        "code": "AAAA-BBBB-CCCC-DDDD",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    response = client.post(reverse("accounts:recover_password"), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not RecoveryCode.objects.filter(used_at__isnull=False).exists()


def test_recovery_stops_after_five_failures_even_with_a_right_code(client):
    user = learner()
    codes = accounts.issue_recovery_codes(user=user)
    url = reverse("accounts:recover_password")
    wrong = {"username": user.username, "code": "AAAA-BBBB-CCCC-DDDD"}
    wrong |= {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    for _ in range(5):
        client.post(url, wrong)
    client.post(url, {**wrong, "code": codes[0]})
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_new_recovery_codes_replace_the_old_ones(client):
    user = learner()
    old = accounts.issue_recovery_codes(user=user)
    client.force_login(user)
    asked = client.post(reverse("accounts:recovery_codes"))  # the password again first
    page = client.post(asked["Location"], {"password": PASSWORD}).content.decode()
    assert page.count("<code>") == accounts.RECOVERY_CODE_COUNT
    with pytest.raises(RecoveryFailed):
        accounts.recover_password(username=user.username, code=old[0], new_password=NEW_PASSWORD)


def test_staff_cannot_set_a_learners_password_in_the_wagtail_admin(client):
    from django.contrib.auth.models import Permission

    tutor = get_user_model().objects.create_user("tutor", password=PASSWORD, is_staff=True)
    tutor.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "change_user", "add_user"])
    )
    client.force_login(tutor)
    victim = learner()
    page = client.get(reverse("wagtailusers_users:edit", args=[victim.pk])).content.decode()
    assert 'name="password1"' not in page
    client.post(
        reverse("wagtailusers_users:edit", args=[victim.pk]),
        {"username": victim.username, "password1": "taken-over-1", "password2": "taken-over-1"},
    )
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)


def test_login_is_locked_after_five_failures(client, settings):
    settings.AXES_ENABLED = True
    user = learner()
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": user.username, "password": "wrong-password"})
    response = client.post(url, {"login": user.username, "password": PASSWORD})
    assert response.status_code != 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("ko-KR,ko;q=0.9,en;q=0.5", "ko"), ("en-US,en;q=0.9", "en"), ("ja-JP", "en"), ("", "en")],
)
def test_a_new_learner_reads_the_site_in_the_language_the_browser_prefers(
    client, accept_language, expected
):
    client.post(
        reverse("account_signup"),
        {
            "join_code": "test-join-code",
            "username": "sparrow",
            "display_name": "Sparrow",
            "email": "",
            "password1": "spring-river-42",
            "password2": "spring-river-42",
        },
        HTTP_ACCEPT_LANGUAGE=accept_language,
    )
    profile = LearnerProfile.objects.get(user__username="sparrow")
    assert profile.ui_language == expected
    translation.activate("en")

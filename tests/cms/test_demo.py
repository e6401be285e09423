from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from accounts.models import LearnerProfile
from courses.models import Classroom, TutorProfile

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    call_command("seed_demo", "--password", "another-pass-9")
    users = get_user_model().objects.filter(username__startswith="demo-")
    assert users.count() == 6
    assert users.get(username="demo-learner-1").check_password("another-pass-9")
    assert users.get(username="demo-tutor-1").groups.filter(name="Tutors").exists()
    assert users.get(username="demo-editor").groups.filter(name="Moderators").exists()
    [listed] = TutorProfile.objects.listed()
    assert listed.tutor.username == "demo-tutor-2" and listed.time_zone == "America/New_York"


def test_seed_demo_refuses_production_settings(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def test_seed_demo_prints_a_join_code_that_opens_the_first_demo_class(capsys):
    call_command("seed_demo")
    printed = capsys.readouterr().out
    code = Classroom.objects.get(name="Demo class 1").join_code
    assert f"Join code for a new learner (Demo class 1): {code}" in printed
    assert "demo-learner-1" in printed and "saebom-demo" in printed


def test_demo_learners_read_the_site_in_korean():
    call_command("seed_demo")
    profiles = LearnerProfile.objects.filter(user__username__startswith="demo-learner-")
    assert sorted(profiles.values_list("ui_language", flat=True)) == ["ko", "ko", "ko"]

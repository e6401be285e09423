import pytest

from accounts.models import LearnerProfile
from cms.demo import seed_demo_accounts

pytestmark = pytest.mark.django_db


def test_demo_learners_get_a_profile_and_tutors_only_the_one_with_a_tutor_profile():
    seed_demo_accounts()
    seed_demo_accounts()
    names = set(LearnerProfile.objects.values_list("user__username", flat=True))
    assert names == {"demo-learner-1", "demo-learner-2", "demo-learner-3", "demo-tutor-2"}
    # Writing a tutor profile sets the tutor's zone; the language stays the tutor's own.
    tutor = LearnerProfile.objects.get(user__username="demo-tutor-2")
    assert (tutor.time_zone, tutor.ui_language) == ("America/New_York", "en")

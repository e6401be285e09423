import pytest

from accounts.models import LearnerProfile
from cms.demo import seed_demo_accounts

pytestmark = pytest.mark.django_db


def test_demo_learners_get_a_profile_and_tutors_do_not():
    seed_demo_accounts()
    seed_demo_accounts()
    names = set(LearnerProfile.objects.values_list("user__username", flat=True))
    assert names == {"demo-learner-1", "demo-learner-2", "demo-learner-3"}

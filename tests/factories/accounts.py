from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import factory
from factory.django import DjangoModelFactory

from accounts.models import LearnerProfile

PASSWORD = "saebom-test-password"


class UserFactory(DjangoModelFactory):
    """A user; pass groups=["Editors"] to put the user into existing or new groups."""

    username = factory.Sequence(lambda n: f"user{n}")
    email = ""
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))


class LearnerProfileFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Sparrow {n}")
    ui_language = "en"

    class Meta:
        model = LearnerProfile


def learner(**profile_fields):
    """A user with a learner profile (English UI unless told otherwise)."""
    return LearnerProfileFactory(**profile_fields).user

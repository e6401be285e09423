"""factory_boy factories shared by the test suite, one module per app."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import factory
from factory.django import DjangoModelFactory


class UserFactory(DjangoModelFactory):
    """A user; pass groups=["Editors"] to put the user into existing or new groups."""

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("saebom-test-password")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))

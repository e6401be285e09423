from django.contrib.auth import get_user_model
from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from progress.models import ExerciseAttempt, LearnerProfile, LessonProgress

PASSWORD = "learn-english-9"


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"learner{n}")
    email = ""
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class LearnerProfileFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Sparrow {n}")
    ui_language = "en"

    class Meta:
        model = LearnerProfile


def learner(**profile_fields):
    """A user with a learner profile (English UI unless told otherwise)."""
    return LearnerProfileFactory(**profile_fields).user


class LessonProgressFactory(DjangoModelFactory):
    learner = factory.SubFactory(UserFactory)
    started_at = factory.LazyFunction(timezone.now)
    last_activity_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = LessonProgress


class ExerciseAttemptFactory(DjangoModelFactory):
    learner = factory.SubFactory(UserFactory)
    block_id = factory.Sequence(lambda n: f"block-{n}")
    block_type = "multiple_choice"
    answer = factory.LazyFunction(lambda: {"choices": [0]})
    score = 1.0
    correct = True
    created_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = ExerciseAttempt

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from progress.models import ExerciseAttempt, LessonProgress, ReviewCard

from .accounts import UserFactory
from .lessons import VocabularyItemFactory


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


class ReviewCardFactory(DjangoModelFactory):
    learner = factory.SubFactory(UserFactory)
    item = factory.SubFactory(VocabularyItemFactory)
    direction = ReviewCard.Direction.RECOGNITION
    due = factory.LazyFunction(timezone.now)

    class Meta:
        model = ReviewCard

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from progress.models import ReviewCard
from tests.factories.lessons import VocabularyItemFactory
from tests.factories.progress import UserFactory


class ReviewCardFactory(DjangoModelFactory):
    learner = factory.SubFactory(UserFactory)
    item = factory.SubFactory(VocabularyItemFactory)
    direction = ReviewCard.Direction.RECOGNITION
    due = factory.LazyFunction(timezone.now)

    class Meta:
        model = ReviewCard

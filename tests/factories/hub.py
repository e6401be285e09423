from django.utils import timezone

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from cms.models import HomePage
from hub.models import (
    Language,
    Region,
    ResourceIndexPage,
    ResourcePage,
    Story,
    StoryIndexPage,
)
from tests.factories.accounts import UserFactory


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Help and resources"
    slug = "help"

    class Meta:
        model = ResourceIndexPage

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        return super()._create_instance(model_class, parent or HomePage.objects.get(), kwargs)


def directory() -> ResourceIndexPage:
    return ResourceIndexPage.objects.first() or ResourceIndexPageFactory()


class ResourcePageFactory(wagtail_factories.PageFactory):
    """A live, verified resource; regions=[codes], languages=[codes], tags=[names]."""

    title = factory.Sequence(lambda n: f"Example Organisation {n}")
    kind = ResourcePage.Kind.LEGAL
    description_en = "Free advice."
    description_ko = "무료 상담."
    website = "https://help.example.org/"
    last_verified = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = ResourcePage
        skip_postgeneration_save = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        return super()._create_instance(model_class, parent or directory(), kwargs)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(Region.objects.filter(code__in=extracted))
            self.save()

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.set(Language.objects.filter(code__in=extracted))
            self.save()

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.save()


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Stories"
    slug = "stories"

    class Meta:
        model = StoryIndexPage

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        return super()._create_instance(model_class, parent or HomePage.objects.get(), kwargs)


class StoryFactory(DjangoModelFactory):
    author = factory.SubFactory(UserFactory)
    title = "My first winter"
    body = "It was cold, and I learned the word mittens."

    class Meta:
        model = Story

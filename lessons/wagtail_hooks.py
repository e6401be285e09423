from django.urls import path

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import views
from .viewsets import VocabularyItemViewSet

register_snippet(VocabularyItemViewSet)


@hooks.register("register_admin_urls")
def register_north_forms_url():
    return [path("lessons/north-forms/", views.north_forms, name="lessons_north_forms")]

from django.urls import path

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import views
from .models import VocabularyItem
from .panels import NorthFormsQueuePanel
from .viewsets import VocabularyItemViewSet

register_snippet(VocabularyItemViewSet)


@hooks.register("register_admin_urls")
def register_north_forms_url():
    return [path("lessons/north-forms/", views.north_forms, name="lessons_north_forms")]


@hooks.register("construct_homepage_panels")
def add_north_forms_queue(request, panels):
    if request.user.has_perm("lessons.change_vocabularyitem"):
        count = VocabularyItem.objects.north_unverified().count()
        panels.append(NorthFormsQueuePanel(count))

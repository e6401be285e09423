from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from taggit.models import Tag

import pytest

from hub.models import Opportunity
from lessons.models import LessonPage, LessonPageTag
from tests.factories.hub import ResourcePageFactory
from tests.factories.lessons import LessonPageFactory

pytestmark = pytest.mark.django_db


def lesson_about(*tags):
    lesson = LessonPageFactory()
    lesson.tags.add(*tags)
    lesson.save()
    return lesson


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_lease_lesson_shows_tenant_rights_help_and_not_unrelated_help(client):
    lesson = lesson_about("housing", "rights", "rent")
    ResourcePageFactory(title="Tenant Rights Help", tags=["rent", "legal"])
    ResourcePageFactory(title="Job Club", tags=["jobs"])
    html = client.get(lesson.url).content.decode()
    assert "Tenant Rights Help" in html
    assert "Job Club" not in html


def test_an_exchange_lesson_shows_scholarship_deadlines(client):
    lesson = lesson_about("study", "exchange", "scholarship")
    resource = ResourcePageFactory(title="Open Door", tags=["scholarship"])
    Opportunity.objects.create(
        page=resource, title="Summer exchange", kind="exchange", deadline="2027-05-15"
    )
    html = client.get(lesson.url).content.decode()
    assert "Summer exchange" in html and "2027-05-15" in html


def test_an_unpublished_resource_is_not_shown_on_a_lesson(client):
    lesson = lesson_about("health")
    ResourcePageFactory(title="Draft Clinic", tags=["health"], live=False)
    assert "Draft Clinic" not in client.get(lesson.url).content.decode()


def test_the_lesson_page_query_count_is_flat_in_matching_resources(client):
    lesson = lesson_about("housing", "rent", "legal")
    ResourcePageFactory(tags=["housing"])
    client.get(lesson.url)
    few = queries_for(client, lesson.url)
    for _ in range(6):
        resource = ResourcePageFactory(tags=["housing", "rent", "legal"])
        Opportunity.objects.create(page=resource, title="Class", kind="class")
    assert queries_for(client, lesson.url) == few


def test_an_unsaved_lesson_preview_shows_the_resources_of_its_tags():

    ResourcePageFactory(title="Tenant Rights Help", tags=["rent"])
    preview = LessonPage(title="Leases")
    preview.tagged_items = [LessonPageTag(tag=Tag.objects.get(name="rent"))]
    html = Template("{% load hub_tags %}{% resources_for page %}").render(
        Context({"page": preview})
    )
    assert "Tenant Rights Help" in html

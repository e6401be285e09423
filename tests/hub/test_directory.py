from io import StringIO

from django.core.management import call_command

import pytest

from hub.models import ResourcePage, StoryPage
from hub.seeding import EXAMPLES, seed_hub_examples
from tests.factories.hub import ResourcePageFactory, directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resources():
    return {
        "seoul_legal": ResourcePageFactory(
            title="Seoul Legal", kind="legal", regions=["KR-11"], languages=["ko"]
        ),
        "california_jobs": ResourcePageFactory(
            title="California Jobs", kind="jobs", regions=["US-CA"], languages=["en", "ko"]
        ),
        "online_health": ResourcePageFactory(
            title="Online Health", kind="health", regions=["online"], languages=["en"]
        ),
    }


def titles(client, **params) -> list[str]:
    response = client.get(directory().url, params)
    assert response.status_code == 200
    return [resource.title for resource in response.context["resources"]]


def test_the_directory_lists_every_verified_resource(client, resources):
    assert titles(client) == ["California Jobs", "Online Health", "Seoul Legal"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "legal"}, ["Seoul Legal"]),
        ({"region": "US-CA"}, ["California Jobs"]),
        ({"region": "online"}, ["Online Health"]),
        ({"language": "ko"}, ["California Jobs", "Seoul Legal"]),
        ({"language": "en", "region": "US-CA"}, ["California Jobs"]),
        ({"kind": "health", "language": "ko"}, []),
    ],
)
def test_the_directory_filters_by_kind_region_and_language(client, resources, params, expected):
    assert titles(client, **params) == expected


def test_an_unknown_filter_value_filters_nothing(client, resources):
    assert len(titles(client, region="Atlantis")) == 3


def test_a_resource_matching_two_languages_is_listed_once(client):
    ResourcePageFactory(title="Bilingual", languages=["ko", "en"], regions=["US-CA", "US-NY"])
    assert titles(client, language="ko") == ["Bilingual"]


def test_an_unverified_live_resource_is_not_listed(client, resources):
    ResourcePageFactory(title="Unchecked", last_verified=None)
    assert "Unchecked" not in titles(client)


def test_the_directory_query_count_is_flat_in_resources(client, django_assert_max_num_queries):
    ResourcePageFactory(regions=["KR-11"], languages=["ko"])
    url = directory().url
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    ResourcePageFactory.create_batch(8, regions=["KR-11", "online"], languages=["ko", "en"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_external_links_open_safely_with_a_notice(client):
    page = ResourcePageFactory(website="https://help.example.org/")
    html = client.get(page.url).content.decode()
    assert '<a href="https://help.example.org/" rel="noopener noreferrer" target="_blank"' in html
    assert "(leaves Saebom)" in html


def test_a_resource_page_shows_when_it_was_last_verified(client):
    page = ResourcePageFactory()
    html = client.get(page.url).content.decode()
    assert f"Last verified: {page.last_verified:%Y-%m-%d}" in html


def test_every_page_carries_the_korean_warning_about_strangers_apps(client):
    html = client.get("/").content.decode()
    assert "모르는 사람이 보낸 프로그램(앱)이나 파일은 절대로 설치하지 마십시오" in html
    assert "새봄은 절대로 비밀번호나 돈을 달라고 하지 않습니다" in html


def test_the_examples_are_labelled_fictional_and_seeding_twice_changes_nothing():
    seed_hub_examples()
    call_command("seed_hub", stdout=StringIO())
    pages = ResourcePage.objects.all()
    assert pages.count() == len(EXAMPLES)
    for page in pages:
        assert page.title.startswith("Example:") and "(fictional)" in page.title
        assert page.website.endswith(".example.org/") and "-555-" in page.phone
        assert page.live
    story = StoryPage.objects.live().get()
    assert story.title.startswith("Example:") and story.pen_name.startswith("Example:")

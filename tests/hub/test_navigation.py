"""Every page's footer links to the live resource directory and story collection,
wherever editors put them, and a warm cache makes those links free."""

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from wagtail.models import Page, PageViewRestriction

import pytest

from cms.models import HomePage
from hub import navigation
from tests.factories.accounts import learner
from tests.factories.hub import ResourceIndexPageFactory, StoryIndexPageFactory

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/login/"


@pytest.fixture(autouse=True)
def cold_cache():
    """Each test builds its own pages; rolling back a test's pages sends no signal."""
    navigation.forget_hub_links()
    yield
    navigation.forget_hub_links()


@pytest.fixture
def hub():
    return ResourceIndexPageFactory(), StoryIndexPageFactory()


def footer_links(client, url=SIGN_IN) -> dict[str, str]:
    html = client.get(url).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    return {
        label: footer.split(f">{label}</a>")[0].rsplit('href="', 1)[1].split('"')[0]
        for label in ("Where to get help", "Stories")
        if f">{label}</a>" in footer
    }


def test_anonymous_visitors_see_links_to_the_directory_and_the_stories(client, hub):
    assert footer_links(client) == {"Where to get help": "/help/", "Stories": "/stories/"}


def test_signed_in_learners_see_the_links_on_their_own_pages(client, hub):
    client.force_login(learner())
    links = footer_links(client, "/learn/privacy/")
    assert links == {"Where to get help": "/help/", "Stories": "/stories/"}


def test_no_link_is_shown_for_a_hub_page_that_does_not_exist(client):
    StoryIndexPageFactory()
    assert footer_links(client) == {"Stories": "/stories/"}
    assert "site-footer__nav" in client.get(SIGN_IN).content.decode()


def test_without_hub_pages_the_footer_has_no_hub_navigation(client):
    assert "site-footer__nav" not in client.get(SIGN_IN).content.decode()


def test_unpublishing_the_directory_removes_its_link(client, hub):
    directory, _ = hub
    assert "Where to get help" in footer_links(client)
    directory.unpublish()
    assert footer_links(client) == {"Stories": "/stories/"}


def test_publishing_the_directory_again_brings_its_link_back(client, hub):
    directory, _ = hub
    directory.unpublish()
    assert "Where to get help" not in footer_links(client)
    directory.save_revision().publish()
    assert footer_links(client)["Where to get help"] == "/help/"


def test_the_links_follow_a_page_an_editor_moved(client, hub):
    _, stories = hub
    assert footer_links(client)["Stories"] == "/stories/"
    community = HomePage.objects.get().add_child(instance=Page(title="Community", slug="together"))
    stories.move(community, pos="last-child")
    assert footer_links(client)["Stories"] == "/together/stories/"


def test_the_links_follow_a_page_an_editor_renamed(client, hub):
    directory, _ = hub
    assert footer_links(client)["Where to get help"] == "/help/"
    directory.slug = "support"
    directory.save_revision().publish()
    assert footer_links(client)["Where to get help"] == "/support/"


def test_a_directory_behind_a_sign_in_restriction_gets_no_link(client, hub):
    directory, _ = hub
    assert "Where to get help" in footer_links(client)
    PageViewRestriction.objects.create(page=directory, restriction_type=PageViewRestriction.LOGIN)
    assert "Where to get help" not in footer_links(client)


def test_deleting_the_story_collection_removes_its_link(client, hub):
    _, stories = hub
    assert "Stories" in footer_links(client)
    stories.delete()
    assert "Stories" not in footer_links(client)


def test_a_warm_cache_renders_the_footer_links_without_a_query(hub, django_assert_num_queries):
    request = RequestFactory().get(SIGN_IN)
    context = {"user": AnonymousUser(), "request": request}
    render_to_string("includes/footer.html", context)
    with django_assert_num_queries(0):
        html = render_to_string("includes/footer.html", context)
    assert 'href="/help/"' in html and 'href="/stories/"' in html


def test_a_cold_cache_costs_two_queries_at_most(hub, django_assert_max_num_queries):
    navigation.hub_links()  # fills Wagtail's own site-root cache, shared by every page URL
    navigation.forget_hub_links()
    with django_assert_max_num_queries(2):
        assert navigation.hub_links() == {"resources": "/help/", "stories": "/stories/"}

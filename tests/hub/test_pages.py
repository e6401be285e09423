from wagtail.test.utils import WagtailPageTestCase

from cms.models import HomePage
from hub.models import ResourceIndexPage, ResourcePage, StoryIndexPage, StoryPage


class HubPageTypesTests(WagtailPageTestCase):
    def test_the_directory_and_stories_sit_under_the_home_page(self):
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(StoryIndexPage, {HomePage})

    def test_resources_and_stories_sit_only_in_their_index_and_have_no_children(self):
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})
        self.assertAllowedSubpageTypes(StoryIndexPage, {StoryPage})
        self.assertAllowedSubpageTypes(ResourcePage, set())
        self.assertAllowedSubpageTypes(StoryPage, set())

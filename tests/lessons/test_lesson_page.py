from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from wagtail_factories import ImageFactory

from accounts.models import LearnerProfile
from tests.factories.accounts import UserFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory, every_block

pytestmark = pytest.mark.django_db


def lesson_with(*, blocks: int, words: int):
    """A lesson whose body starts with an image and the vocabulary list, then every block type."""
    images = [ImageFactory() for _ in range(blocks // 10 + 1)]
    body = [block for image in images for block in every_block(image=image)]
    body.sort(key=lambda block: block["type"] not in ("image", "vocabulary"))
    return LessonPageFactory(body=body[:blocks], words=VocabularyItemFactory.create_batch(words))


def queries_for(client, url) -> int:
    client.get(url)  # the first visit makes the image renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_lesson_page_query_count_is_flat_in_blocks_and_words(client, django_assert_num_queries):
    small = lesson_with(blocks=2, words=2)
    large = lesson_with(blocks=40, words=40)
    expected = queries_for(client, small.url)
    client.get(large.url)
    with django_assert_num_queries(expected):
        client.get(large.url)


@pytest.fixture
def lesson_with_glosses():
    item = VocabularyItemFactory(gloss_nk="손전화", gloss_sk="휴대 전화")
    return LessonPageFactory(body=every_block(), words=[item])


def test_an_anonymous_visitor_sees_both_glosses(client, lesson_with_glosses):
    html = client.get(lesson_with_glosses.url).content.decode()
    assert '<dd lang="ko">손전화</dd>' in html
    assert '<dd lang="ko">휴대 전화</dd>' in html


@pytest.mark.parametrize(
    ("preference", "north", "south"), [("north", True, False), ("south", False, True)]
)
def test_a_learner_sees_the_glosses_of_their_preference(
    client, lesson_with_glosses, preference, north, south
):
    learner = UserFactory()
    profile = LearnerProfile.objects.for_user(learner)
    profile.gloss_preference = preference
    profile.save()
    client.force_login(learner)
    html = client.get(lesson_with_glosses.url).content.decode()
    assert ('<dd lang="ko">손전화</dd>' in html) is north
    assert ('<dd lang="ko">휴대 전화</dd>' in html) is south

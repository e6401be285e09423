from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from wagtail_factories import ImageFactory

from accounts.models import LearnerProfile
from lessons.models import LessonGrammarPoint, LessonPage
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


def lesson_using(*points: LessonPage) -> LessonPage:
    lesson = LessonPageFactory(body=every_block())
    LessonGrammarPoint.objects.bulk_create(
        LessonGrammarPoint(page=lesson, point=point, sort_order=i) for i, point in enumerate(points)
    )
    return lesson


def test_the_lesson_page_links_the_grammar_points_it_uses_by_korean_title(client):
    be = LessonPageFactory(title="Be: am, is, are", title_ko="be 동사: am, is, are")
    can = LessonPageFactory(title="Can and could", title_ko="can과 could")
    html = client.get(lesson_using(can, be).url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    grammar = html[html.index('id="lesson-grammar"') :]
    grammar = grammar[: grammar.index("</p>")]
    assert "이 과에서 쓰는 문법" in grammar
    assert grammar.index(f'href="{can.url}"') < grammar.index(f'href="{be.url}"')
    assert ">can과 could</a>" in grammar and ">be 동사: am, is, are</a>" in grammar


def test_a_lesson_without_grammar_points_or_with_a_draft_one_shows_none(client):
    draft = LessonPageFactory(title_ko="초안 문법", live=False)
    html = client.get(lesson_using(draft).url).content.decode()
    assert 'id="lesson-grammar"' not in html
    assert "초안 문법" not in html

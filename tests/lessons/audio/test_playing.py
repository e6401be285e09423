from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.documents import get_document_model

import pytest
from bs4 import BeautifulSoup

from lessons.audio import rendering
from lessons.audio.models import NORMAL, SLOW, SpokenText
from lessons.models import VocabularyItem
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import ReviewCardFactory
from tests.support.lesson_fixtures import MINIMAL_PAIR, block

pytestmark = pytest.mark.django_db
DICTATION = block("dictation", {"prompt": "Listen and type.", "text": "I need bread."}, "dc-1")


def buttons(html: str, text: str) -> list:
    """The speaker buttons of each pair that speaks `text`: normal, slow, normal, slow…"""
    soup = BeautifulSoup(html, "html.parser")
    pairs = [b.parent for b in soup.select(f'.speak-pair > button[data-speak="{text}"]')]
    return [button for pair in pairs for button in pair.select("button")]


def url_of(text: str, speed: float) -> str:
    return SpokenText.objects.get(text=text, speed=speed).audio.url


@pytest.fixture
def lesson():
    words = [VocabularyItemFactory(headword="bread", example_en="I need bread.")]
    return LessonPageFactory(
        body=[{"type": "vocabulary", "value": None}, DICTATION, MINIMAL_PAIR], words=words
    )


def test_before_rendering_buttons_fall_back_to_speech_synthesis(client, lesson):
    html = client.get(lesson.url).content.decode()
    normal, slow = buttons(html, "bread")
    assert "data-audio" not in normal.attrs and slow["data-rate"] == "0.6"
    assert "천천히" not in html  # English page; the Korean word comes from the catalogue
    assert "cannot play" in html  # the exercises warn where nothing can speak


def test_rendered_texts_play_their_mp3_at_both_speeds(client, lesson):
    rendering.render_published_audio()
    html = client.get(lesson.url).content.decode()
    normal, slow = buttons(html, "bread")
    assert normal["data-audio"] == url_of("bread", NORMAL)
    assert slow["data-audio"] == url_of("bread", SLOW)
    # The example only: exercises play by exercise, never naming their answer
    # (tests/lessons/test_listening.py).
    sentences = buttons(html, "I need bread.")
    assert len(sentences) == 2 and all(b["data-audio"].endswith(".mp3") for b in sentences)
    assert not buttons(html, "fan")
    assert "<audio" not in html  # nothing loads before a button is pressed


def test_an_editors_recording_wins_over_the_rendered_headword(client, lesson):
    rendering.render_published_audio()
    recording = get_document_model().objects.create(
        title="bread", file=ContentFile(b"ID3", name="bread-recorded.mp3")
    )
    VocabularyItem.objects.update(audio=recording)
    html = client.get(lesson.url).content.decode()
    normal, slow = buttons(html, "bread")
    assert normal["data-audio"] == recording.url
    assert slow["data-audio"] == url_of("bread", SLOW)


def test_the_korean_page_names_the_slow_button_in_korean(client, lesson):
    client.cookies["django_language"] = "ko"
    html = client.get(lesson.url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "천천히" in html


def queries_for(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_the_lesson_page_reads_all_its_sounds_in_one_query(client):
    small = LessonPageFactory(words=VocabularyItemFactory.create_batch(1), body=[DICTATION])
    large = LessonPageFactory(words=VocabularyItemFactory.create_batch(8), body=[DICTATION] * 5)
    rendering.render_published_audio()
    assert queries_for(client, small.url) == queries_for(client, large.url)


def test_a_review_card_plays_the_rendered_headword(client):
    user = learner()
    card = ReviewCardFactory(learner=user, item__headword="bread", item__example_en="")
    rendering.render_texts(["bread"])
    client.force_login(user)
    html = client.get(reverse("progress:review")).content.decode()
    normal, slow = buttons(html, "bread")
    assert normal["data-audio"] == url_of("bread", NORMAL)
    assert slow["data-audio"] == url_of("bread", SLOW)
    assert card.item.headword == "bread"

from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents import get_document_model

import pytest
from bs4 import BeautifulSoup

from lessons.audio import playing, rendering
from lessons.audio.models import NORMAL, SLOW, SpokenText
from lessons.models import VocabularyItem
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import ReviewCardFactory
from tests.support.lesson_fixtures import MINIMAL_PAIR, block

pytestmark = pytest.mark.django_db
DICTATION = block("dictation", {"prompt": "Listen and type.", "text": "I need bread."}, "dc-1")
SPEECH = reverse("spoken_audio")


def url_of(text: str, speed: float) -> str:
    return playing.file_url(SpokenText.objects.get(text=text, speed=speed))


def pair(html: str, text: str) -> list:
    """The normal and slow speaker buttons that speak `text`."""
    button = BeautifulSoup(html, "html.parser").select_one(f'button[data-speak="{text}"]')
    return button.parent.select("button")


@pytest.fixture
def lesson():
    words = [VocabularyItemFactory(headword="bread", example_en="I need bread.")]
    body = [{"type": "vocabulary", "value": None}, DICTATION, MINIMAL_PAIR]
    return LessonPageFactory(body=body, words=words)


def test_the_speech_url_redirects_to_the_rendered_mp3_at_either_speed(client, lesson):
    rendering.render_published_audio()
    normal = client.get(SPEECH, {"text": "bread"})
    slow = client.get(SPEECH, {"text": " bread ", "speed": "slow"})
    assert (normal.status_code, normal["Location"]) == (302, url_of("bread", NORMAL))
    assert (slow.status_code, slow["Location"]) == (302, url_of("bread", SLOW))
    assert "max-age=300" in normal["Cache-Control"]
    assert normal["Location"].startswith("/speech/files/") and normal["Location"].endswith(".mp3")


def test_a_rendered_file_is_sent_from_storage_whole_or_by_range(client, lesson):
    rendering.render_published_audio()
    spoken = SpokenText.objects.get(text="bread", speed=NORMAL)
    stored = spoken.audio.read()
    whole = client.get(url_of("bread", NORMAL))
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == stored
    assert whole["Content-Type"] == "audio/mpeg" and "immutable" in whole["Cache-Control"]
    part = client.get(url_of("bread", NORMAL), headers={"Range": "bytes=2-5"})
    assert part.status_code == 206 and b"".join(part.streaming_content) == stored[2:6]
    assert part["Content-Range"] == f"bytes 2-5/{len(stored)}"
    tail = client.get(url_of("bread", NORMAL), headers={"Range": "bytes=-3"})
    assert b"".join(tail.streaming_content) == stored[-3:]
    beyond = client.get(url_of("bread", NORMAL), headers={"Range": f"bytes={len(stored)}-"})
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(stored)}"


def test_only_rendered_files_are_sent_and_a_lost_one_is_not_found(client, lesson):
    rendering.render_published_audio()
    for name in ["0" * 64 + ".mp3", "..%2Fsecret.mp3", "bread.mp3"]:
        assert client.get(f"/speech/files/{name}").status_code == 404
    spoken = SpokenText.objects.get(text="bread", speed=NORMAL)
    spoken.audio.storage.delete(spoken.audio.name)
    assert client.get(url_of("bread", NORMAL)).status_code == 404


def test_a_text_not_rendered_yet_is_not_found(client, lesson):
    assert client.get(SPEECH, {"text": "bread"}).status_code == 404


@pytest.mark.parametrize("text", ["", "   ", "x" * 501, "a\x00b"])
def test_a_text_that_cannot_be_spoken_is_a_clear_bad_request(client, text):
    response = client.get(SPEECH, {"text": text})
    assert response.status_code == 400
    assert b"at most 500 characters" in response.content


def test_an_editors_recording_wins_over_the_rendered_headword(client, lesson):
    rendering.render_published_audio()
    recording = get_document_model().objects.create(
        title="bread", file=ContentFile(b"ID3", name="bread-recorded.mp3")
    )
    VocabularyItem.objects.update(audio=recording)
    assert client.get(SPEECH, {"text": "bread"})["Location"] == recording.url
    slow = client.get(SPEECH, {"text": "bread", "speed": "slow"})
    assert slow["Location"] == url_of("bread", SLOW)


def test_lesson_buttons_come_in_pairs_and_load_no_audio(client, lesson):
    rendering.render_published_audio()
    urls = [lesson.url, lesson.step_url(1), lesson.step_url(2)]  # the words, then each exercise
    html = "".join(client.get(url).content.decode() for url in urls)
    normal, slow = pair(html, "bread")
    assert slow["class"] == ["speak", "speak--slow"] and slow["data-rate"] == "0.6"
    assert "data-audio=" not in html and "<audio" not in html and ".mp3" not in html
    assert f'data-audio-url="{SPEECH}"' in html
    # Words and sentences carry their text; exercises play by exercise, never
    # naming their answer (tests/lessons/test_listening.py).
    assert len(pair(html, "I need bread.")) == 2  # the example, not the dictation
    assert 'data-speak="fan"' not in html
    assert len(BeautifulSoup(html, "html.parser").select("[data-listen]")) == 2


def test_the_korean_page_names_the_slow_button_in_korean(client, lesson):
    html = client.get(lesson.url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "천천히" in html


def test_a_review_card_has_a_speaker_pair_and_the_speech_url(client):
    user = learner()
    ReviewCardFactory(learner=user, item__headword="bread", item__example_en="")
    client.force_login(user)
    html = client.get(reverse("progress:review")).content.decode()
    assert len(pair(html, "bread")) == 2
    assert f'data-audio-url="{SPEECH}"' in html


def test_an_editors_recording_wins_in_a_listening_exercise_too(client, lesson):
    """The minimal pair plays "fan": once an editor records the headword "fan",
    the exercise plays that recording, and the text is no longer handed out."""
    listen = reverse(
        "lessons:exercise_listening", kwargs={"page_id": lesson.pk, "block_id": "mp-1"}
    )
    assert client.get(listen + "?text").json() == {"text": "fan"}
    recording = get_document_model().objects.create(
        title="fan", file=ContentFile(b"ID3", name="fan-recorded.mp3")
    )
    VocabularyItemFactory(headword="fan", audio=recording)
    assert client.get(listen)["Location"] == recording.url
    assert client.get(listen + "?text").status_code == 404
    rendering.render_published_audio()
    assert client.get(listen)["Location"] == recording.url
    assert client.get(listen + "?speed=slow")["Location"] == url_of("fan", SLOW)

"""On a private S3 bucket: rendered audio is stored there and sent by Saebom at its
stable address (whole or by range), and so is a lesson's image; a deck is built
with that audio read from the bucket, cached there, and downloaded through Saebom."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from wagtail.documents import get_document_model

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from lessons.audio import rendering
from lessons.audio.models import NORMAL, SLOW, SpokenText
from lessons.models import VocabularyItem
from progress.anki import builds
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory, every_block

pytestmark = [pytest.mark.django_db, pytest.mark.services]
SPEECH = reverse("spoken_audio")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def lesson(bucket):
    words = [VocabularyItemFactory(headword="bread", example_en="I need bread.")]
    page = LessonPageFactory(words=words)
    rendering.render_published_audio()
    return page


def test_rendered_audio_is_stored_in_the_bucket_and_sent_by_saebom(client, bucket, lesson):
    spoken = SpokenText.objects.get(text="bread", speed=NORMAL)
    assert spoken.audio.name in bucket.stored("audio/")
    stored = bucket.client.get_object(Bucket=bucket.name, Key=spoken.audio.name)["Body"].read()
    for query in ({}, {"speed": "slow"}):
        redirect = client.get(SPEECH, {"text": "bread", **query})
        assert redirect.status_code == 302 and redirect["Location"].startswith("/speech/files/")
        assert bucket.endpoint not in redirect["Location"]  # never the bucket's own URL
    slow = SpokenText.objects.get(text="bread", speed=SLOW)
    assert client.get(SPEECH, {"text": "bread", "speed": "slow"})["Location"].endswith(
        slow.audio.name.removeprefix("audio/")
    )
    whole = client.get(client.get(SPEECH, {"text": "bread"})["Location"])
    assert whole.status_code == 200 and body(whole) == stored and len(stored) > 100
    part = client.get(whole.request["PATH_INFO"], headers={"Range": "bytes=10-99"})
    assert part.status_code == 206 and body(part) == stored[10:100]
    bucket.client.delete_object(Bucket=bucket.name, Key=spoken.audio.name)
    assert client.get(whole.request["PATH_INFO"]).status_code == 404


def test_a_deck_reads_its_audio_from_the_bucket_and_is_cached_there(client, bucket, lesson):
    recording = get_document_model().objects.create(
        title="bread", file=ContentFile(b"ID3 an editor's recording", name="bread.mp3")
    )
    VocabularyItem.objects.update(audio=recording)
    response = client.get(reverse("anki:lesson", args=[lesson.pk]))
    assert response.status_code == 200
    data = body(response)
    package = zipfile.ZipFile(io.BytesIO(data))
    sounds = {package.read(member) for member in package.namelist() if member.isdigit()}
    example = SpokenText.objects.get(text="I need bread.", speed=NORMAL)
    assert sounds == {b"ID3 an editor's recording", example.audio.read()}
    [cached] = bucket.stored(f"{builds.FOLDER}/")
    assert cached.endswith(".apkg") and default_storage.open(cached).read() == data


def test_a_deck_built_by_the_task_is_found_in_the_bucket_by_the_next_download(bucket, lesson):
    build = builds.deck_for("lesson", lesson.pk)
    builds.mark_building(build, now=0.0)
    assert builds.status(build, now=1.0) is builds.DeckStatus.BUILDING
    path = builds.build_package(build)
    assert bucket.stored(f"{builds.FOLDER}/") == {path}  # the marker is gone
    assert builds.status(build, now=2.0) is builds.DeckStatus.READY


def test_a_lesson_image_is_stored_in_the_bucket_and_sent_by_saebom(client, bucket):
    image = ImageFactory()
    page = LessonPageFactory(body=[b for b in every_block(image=image) if b["type"] == "image"])
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    source = html.select_one(".lesson-image img")["src"]
    assert source.startswith("/images/") and bucket.endpoint not in source
    sent = client.get(source)
    assert sent.status_code == 200 and sent["Content-Type"].startswith("image/")
    [rendition] = image.renditions.all()
    assert rendition.file.name in bucket.stored() and body(sent) == rendition.file.read()

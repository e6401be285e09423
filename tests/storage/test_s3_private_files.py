"""No private file is readable without authorisation, on a private S3 bucket.

What is checked, against the real S3-compatible server: a voice recording is heard
through Saebom only by its learner and the tutor it was sent to (anyone else gets
404, a visitor the sign-in page); no object Saebom writes (recordings, uploads,
decks, audio) answers a GET without a signature (403), and none carries an ACL
grant to everyone or to any signed-in AWS user, nor does the bucket. The control
object shows the server does serve a public object, so the 403s are the bucket's
privacy and not a server that refuses everything. A URL the storage gives out
is signed and expires after S3_URL_EXPIRE seconds (moto does not check signatures
or expiry, so only their presence is checked here). Deleting a recording or the
account deletes the files."""

import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlparse

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.settings.environment import S3_URL_EXPIRE
from courses.models import VoiceRecording
from lessons.audio import rendering
from progress.models import AnkiImport
from tests.factories.accounts import PASSWORD, learner
from tests.factories.courses import WEBM, ClassroomFactory, MembershipFactory, tutor

pytestmark = [pytest.mark.django_db, pytest.mark.services]
EVERYONE = ("http://acs.amazonaws.com/groups/global/AllUsers", "AuthenticatedUsers")


@pytest.fixture
def room(words):
    teacher = tutor()
    member = MembershipFactory(classroom=ClassroomFactory(tutor=teacher), learner=learner())
    return member.learner, teacher


def send(client, person, teacher) -> VoiceRecording:
    client.force_login(person)
    audio = SimpleUploadedFile("blob", WEBM, content_type="audio/webm;codecs=opus")
    fields = {"text": "pharmacy", "audio": audio, "tutors": [teacher.pk]}
    assert client.post(reverse("courses:send_recording"), fields).status_code == 201
    return VoiceRecording.objects.get(learner=person)


def audio_url(recording) -> str:
    return reverse("courses:recording_audio", args=[recording.pk])


def test_a_recording_is_heard_only_by_its_learner_and_tutor(client, bucket, room):
    person, teacher = room
    recording = send(client, person, teacher)
    assert recording.audio.name in bucket.stored("voice-recordings/")
    for someone in (person, teacher):
        client.force_login(someone)
        heard = client.get(audio_url(recording))
        assert heard.status_code == 200 and b"".join(heard.streaming_content) == WEBM
        assert "no-store" in heard["Cache-Control"]
    for stranger in (learner(), tutor()):
        client.force_login(stranger)
        assert client.get(audio_url(recording)).status_code == 404
    client.logout()
    assert client.get(audio_url(recording)).status_code == 302


def public_grants(grants: list[dict]) -> list[dict]:
    return [g for g in grants if any(e in g["Grantee"].get("URI", "") for e in EVERYONE)]


def test_no_object_saebom_writes_is_readable_without_a_signature(client, bucket, room, lesson):
    person, teacher = room
    send(client, person, teacher)
    default_storage.save("anki-uploads/held.apkg", ContentFile(b"PK"))  # as start_import does
    rendering.render_published_audio()
    assert client.get(reverse("anki:lesson", args=[lesson.pk])).status_code == 200
    keys = bucket.stored()
    folders = {"voice-recordings", "anki-uploads", "decks", "audio"}
    assert {key.split("/")[0] for key in keys} == folders
    for key in keys:
        assert bucket.anonymous_status(key) == 403, key
        acl = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)
        assert public_grants(acl["Grants"]) == [], key
    assert public_grants(bucket.client.get_bucket_acl(Bucket=bucket.name)["Grants"]) == []
    bucket.client.put_object(Bucket=bucket.name, Key="control", Body=b"x", ACL="public-read")
    assert bucket.anonymous_status("control") == 200  # the server does serve public objects


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_url_the_storage_gives_out_is_signed_and_short_lived(bucket):
    name = default_storage.save("voice-recordings/signed.webm", ContentFile(WEBM))
    url = default_storage.url(name)
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Expires"] == [str(S3_URL_EXPIRE)] and S3_URL_EXPIRE <= 600
    assert query["X-Amz-Signature"] and query["X-Amz-Credential"][0].startswith("saebom-test/")
    assert fetch(url) == 200


def test_deleting_a_recording_or_the_account_deletes_the_files(
    client, bucket, room, django_capture_on_commit_callbacks
):
    person, teacher = room
    first = send(client, person, teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:delete_recording", args=[first.pk]))
    assert bucket.stored("voice-recordings/") == set()
    second = send(client, person, teacher).audio.name
    held = default_storage.save("anki-uploads/held.apkg", ContentFile(b"PK"))
    AnkiImport.objects.create(learner=person, upload=held, queued_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert not VoiceRecording.objects.exists() and not AnkiImport.objects.exists()
    assert {second, held}.isdisjoint(bucket.stored())

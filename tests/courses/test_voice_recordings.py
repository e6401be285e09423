"""Voice recordings: a learner sends one to a current tutor, who hears it; nobody
else does (another tutor, a co-tutor not chosen, a former tutor, another learner);
bad input writes nothing; the learner deletes it, and deleting the account deletes
the file."""

import json
import os

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest

from cms.views import unlisted_media
from courses import voice_recordings
from courses.models import VoiceRecording
from tests.factories.accounts import PASSWORD, learner
from tests.factories.courses import (
    WEBM,
    ClassroomFactory,
    MembershipFactory,
    tutor,
    voice_recording,
)

pytestmark = pytest.mark.django_db

SEND = reverse("courses:send_recording")
OGG = b"OggS" + bytes(60)


def audio_url(recording) -> str:
    return reverse("courses:recording_audio", args=[recording.pk])


def stored() -> set[str]:
    if not default_storage.exists("voice-recordings"):
        return set()
    return set(default_storage.listdir("voice-recordings")[1])


def upload(data: bytes = WEBM, content_type: str = "audio/webm;codecs=opus"):
    return SimpleUploadedFile("blob", data, content_type=content_type)


@pytest.fixture
def room(words):
    teacher, co_teacher = tutor(), tutor()
    classroom = ClassroomFactory(tutor=teacher)
    classroom.co_tutors.add(co_teacher)
    member = MembershipFactory(classroom=classroom, learner=learner())
    classmate = MembershipFactory(classroom=classroom, learner=learner()).learner
    return member, teacher, co_teacher, classmate


def send(client, user, **fields):
    client.force_login(user)
    return client.post(SEND, {"text": "pharmacy", "audio": upload(), **fields})


def test_the_chosen_tutor_hears_what_the_learner_sent(client, room):
    member, teacher, _, _ = room
    response = send(client, member.learner, tutors=[teacher.pk])
    assert response.status_code == 201, response.content
    recording = VoiceRecording.objects.get()
    assert recording.learner == member.learner and list(recording.tutors.all()) == [teacher]
    assert recording.audio.name.startswith("voice-recordings/")
    assert member.learner.get_username() not in recording.audio.name

    client.force_login(teacher)
    page = client.get(reverse("courses:tutor_recordings"))
    assert "pharmacy" in page.content.decode() and audio_url(recording) in page.content.decode()
    heard = client.get(audio_url(recording))
    assert heard.status_code == 200
    assert heard["Content-Type"] == "audio/webm"
    assert "no-store" in heard["Cache-Control"]  # a shared phone's browser keeps none
    assert b"".join(heard.streaming_content) == WEBM


def test_nobody_else_hears_it(client, room):
    member, teacher, co_teacher, classmate = room
    recording = voice_recording(member.learner, [teacher])
    for someone in (tutor(), co_teacher, classmate):
        client.force_login(someone)
        assert client.get(audio_url(recording)).status_code == 404
    client.force_login(co_teacher)
    assert "pharmacy" not in client.get(reverse("courses:tutor_recordings")).content.decode()
    client.force_login(classmate)
    assert "pharmacy" not in client.get(reverse("courses:my_recordings")).content.decode()
    client.logout()
    assert client.get(audio_url(recording)).status_code == 302  # sent to sign in


def test_a_former_tutor_no_longer_hears_it(client, room):
    member, teacher, _, _ = room
    recording = voice_recording(member.learner, [teacher])
    member.left_at = timezone.now()
    member.save()
    client.force_login(teacher)
    assert client.get(audio_url(recording)).status_code == 404
    assert "pharmacy" not in client.get(reverse("courses:tutor_recordings")).content.decode()


def test_the_learner_hears_and_deletes_their_own(client, room, django_capture_on_commit_callbacks):
    member, teacher, _, classmate = room
    recording = voice_recording(member.learner, [teacher])
    name = recording.audio.name
    delete_url = reverse("courses:delete_recording", args=[recording.pk])
    client.force_login(classmate)
    assert client.post(delete_url).status_code == 404
    client.force_login(member.learner)
    assert client.get(audio_url(recording)).status_code == 200
    assert "pharmacy" in client.get(reverse("courses:my_recordings")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete_url).status_code == 302
    assert not VoiceRecording.objects.exists()
    assert not default_storage.exists(name)


def test_the_export_lists_it_and_deleting_the_account_removes_the_file(
    client, room, django_capture_on_commit_callbacks
):
    member, teacher, _, _ = room
    name = voice_recording(member.learner, [teacher]).audio.name
    client.force_login(member.learner)
    response = client.get(reverse("privacy:export_data"))
    data = json.loads(b"".join(response.streaming_content))
    [listed] = data["voice_recordings"]
    assert listed["text"] == "pharmacy" and listed["sent_to_tutors"] == 1
    assert teacher.get_username() not in json.dumps(data)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert not VoiceRecording.objects.exists()
    assert not default_storage.exists(name)


@pytest.mark.parametrize(
    "fields",
    [
        {"audio": upload(WEBM + bytes(1024 * 1024))},  # too big
        {"audio": upload(b"not sound at all", "text/plain")},
        {"audio": upload(b"not sound at all")},  # declared WebM, is not
        {"audio": upload(OGG)},  # Ogg bytes declared as WebM
        {"audio": upload(b"")},
        {"text": "pharm\x00acy"},
        {"text": "Call me at home."},  # not a word or sentence of the lessons
        {"tutors": []},
        {"tutors": ["99999999999999999999999"]},
        {"tutors": ["²"]},
        {"tutors": ["\x00"]},
        {"text": "pharmacy " * 60},
    ],
)
def test_bad_input_is_refused_and_writes_nothing(client, room, fields):
    member, teacher, _, _ = room
    before = stored()
    response = send(client, member.learner, **{"tutors": [teacher.pk], **fields})
    assert response.status_code == 400
    assert response.json()["message"]
    assert not VoiceRecording.objects.exists()
    assert stored() == before


def test_only_the_learners_current_tutors_can_be_chosen(client, room):
    member, teacher, _, _ = room
    stranger = tutor()
    before = stored()
    assert send(client, member.learner, tutors=[teacher.pk, stranger.pk]).status_code == 400
    member.left_at = timezone.now()
    member.save()
    assert send(client, member.learner, tutors=[teacher.pk]).status_code == 400
    assert not VoiceRecording.objects.exists()
    assert stored() == before


def test_a_day_allows_only_so_many(client, room, settings):
    member, teacher, _, _ = room
    settings.VOICE_RECORDINGS_PER_DAY = 1
    cache.clear()
    assert send(client, member.learner, tutors=[teacher.pk]).status_code == 201
    assert send(client, member.learner, tutors=[teacher.pk]).status_code == 429
    assert VoiceRecording.objects.count() == 1
    cache.clear()


def test_tutor_list_queries_stay_flat_as_recordings_grow(
    client, room, django_assert_max_num_queries
):
    member, teacher, _, classmate = room
    voice_recording(member.learner, [teacher])
    client.force_login(teacher)
    url = reverse("courses:tutor_recordings")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    limit = len(few.captured_queries)
    for sender in (member.learner, classmate) * 5:
        voice_recording(sender, [teacher])
    with django_assert_max_num_queries(limit):
        page = client.get(url).content.decode()
    assert page.count("<audio") == 11


def test_the_send_form_offers_only_current_tutors(client, room, lesson):
    member, teacher, co_teacher, _ = room
    former = tutor()
    old = ClassroomFactory(tutor=former)
    MembershipFactory(classroom=old, learner=member.learner, left_at=timezone.now())
    client.force_login(member.learner)
    page = client.get(lesson.url).content.decode()
    assert 'id="voice-recorder"' in page and "courses/record.js" in page
    for offered in (teacher, co_teacher):
        assert f'value="{offered.pk}"' in page
    assert f'value="{former.pk}"' not in page
    client.logout()
    page = client.get(lesson.url).content.decode()
    assert 'id="voice-recorder"' in page and "<dialog" not in page


def test_plain_media_urls_never_serve_a_recording(room):
    member, teacher, _, _ = room
    name = voice_recording(member.learner, [teacher]).audio.name
    with pytest.raises(Http404):
        unlisted_media(RequestFactory().get(f"/media/{name}"), name=name.split("/", 1)[1])


def test_review_cards_offer_recording_too(client, room):
    member, teacher, _, _ = room
    client.force_login(member.learner)
    page = client.get(reverse("progress:review")).content.decode()
    assert 'id="voice-recorder"' in page and f'value="{teacher.pk}"' in page


def test_the_sweep_deletes_old_files_no_row_holds(room, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the shared test media holds other tests' files
    member, teacher, _, _ = room
    held = voice_recording(member.learner, [teacher]).audio.name
    stray = default_storage.save("voice-recordings/stray.webm", ContentFile(WEBM))
    fresh = default_storage.save("voice-recordings/fresh.webm", ContentFile(WEBM))
    later = timezone.now() + voice_recordings.STRAY_AFTER / 2
    old = (later - voice_recordings.STRAY_AFTER).timestamp() - 60
    for name in (held, stray):
        os.utime(default_storage.path(name), (old, old))
    assert voice_recordings.delete_stray_files(now=later) == 1
    assert default_storage.exists(held) and default_storage.exists(fresh)
    assert not default_storage.exists(stray)
    assert voice_recordings.delete_stray_files(now=later) == 0

"""Sending a learner's voice recording to their tutors, and deleting it.

Recording and playing back happen on the phone (courses/static/courses/record.js);
nothing reaches the server unless the learner sends a recording. A sent one holds a
text of the curriculum (a headword or an example sentence), audio in one of the
types MediaRecorder writes (checked by its first bytes, not by what the browser
claims) of at most VOICE_RECORDING_MAX_BYTES, and the tutors the learner chose
among their current ones. Each learner may send VOICE_RECORDINGS_PER_DAY a day.
A refused recording writes nothing: no row, no file.

The file follows its row: whenever a recording is deleted (by the learner, or with
the account, wherever the account is deleted), `remove_audio_file` deletes the file
once the deletion commits. `delete_stray_files` deletes, once they are STRAY_AFTER
old, files that no row holds (a request that died between writing the file and its
row, a removal that failed after its commit), at most FILE_BATCH a pass.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.ratelimit import ActionLimit, action_limit
from lessons.models import VocabularyItem
from progress.anki.sweeping import stored_files

from .models import VOICE_RECORDING_FOLDER, Membership, VoiceRecording

STRAY_AFTER = timedelta(hours=1)
FILE_BATCH = 500

# Where each type's signature sits in the first bytes of the file.
SIGNATURES = {
    VoiceRecording.AudioType.WEBM: (0, b"\x1a\x45\xdf\xa3"),  # EBML
    VoiceRecording.AudioType.OGG: (0, b"OggS"),
    VoiceRecording.AudioType.MP4: (4, b"ftyp"),
}


def recording_limit(learner) -> ActionLimit:
    return action_limit(
        "voice-recording", user_id=learner.pk, limit=settings.VOICE_RECORDINGS_PER_DAY
    )


def current_tutors(learner):
    """The tutors and co-tutors of the classrooms the learner is in now."""
    rooms = Membership.objects.of_learner(learner).values("classroom_id")
    tutors = get_user_model().objects.filter(
        Q(classrooms_taught__in=rooms) | Q(classrooms_co_taught__in=rooms)
    )
    return tutors.distinct().order_by("username")


def audio_type(upload) -> str:
    """The upload's type when its first bytes match the type the browser declared."""
    declared = (upload.content_type or "").split(";")[0].strip().lower()
    if declared not in SIGNATURES:
        raise ValidationError(_("This recording is not in a sound format Saebom keeps."))
    offset, signature = SIGNATURES[declared]
    upload.seek(0)
    head = upload.read(offset + len(signature))
    upload.seek(0)
    if head[offset:] != signature:
        raise ValidationError(_("This recording is not in a sound format Saebom keeps."))
    return declared


def check_recording(*, learner, text: str, upload, tutors) -> str:
    """Refuse what may not be kept; return the audio type."""
    if not upload.size:
        raise ValidationError(_("This recording is empty."))
    if upload.size > settings.VOICE_RECORDING_MAX_BYTES:
        raise ValidationError(_("This recording is too long. Record a shorter one."))
    words = VocabularyItem.objects.filter(Q(headword=text) | Q(example_en=text))
    if not words.exists():
        raise ValidationError(_("Only words and sentences of the lessons can be sent."))
    if not tutors:
        raise ValidationError(_("Choose a tutor."))
    # The tutor rule itself, once per chosen tutor: a learner has a handful.
    for tutor in tutors:
        if not Membership.objects.visible_learners(tutor).filter(learner=learner).exists():
            raise ValidationError(_("You can send recordings only to your own tutors."))
    return audio_type(upload)


@transaction.atomic
def send_recording(*, learner, text: str, upload, tutors: list) -> VoiceRecording:
    """Keep the recording for the chosen tutors; `RateLimited` once today's are spent."""
    limit = recording_limit(learner)
    limit.check()
    content_type = check_recording(learner=learner, text=text, upload=upload, tutors=tutors)
    recording = VoiceRecording(
        learner=learner,
        text=text,
        content_type=content_type,
        size=upload.size,
        created_at=timezone.now(),
    )
    recording.audio.save("recording", upload, save=False)
    try:
        recording.full_clean()
        recording.save()
        recording.tutors.set(tutors)
    except Exception:
        recording.audio.delete(save=False)  # no file without its row
        raise
    limit.use()
    return recording


@transaction.atomic
def delete_recording(*, recording: VoiceRecording) -> None:
    recording.delete()


def delete_stray_files(*, now: datetime, batch_size: int = FILE_BATCH) -> int:
    """Delete up to `batch_size` recording files older than STRAY_AFTER that no row holds."""
    old = [f.path for f in stored_files(VOICE_RECORDING_FOLDER) if f.modified <= now - STRAY_AFTER]
    strays = []
    for start in range(0, len(old), FILE_BATCH):
        names = old[start : start + FILE_BATCH]
        held = set(VoiceRecording.objects.filter(audio__in=names).values_list("audio", flat=True))
        strays += [name for name in names if name not in held]
        if len(strays) >= batch_size:
            break
    for name in strays[:batch_size]:
        default_storage.delete(name)
    return len(strays[:batch_size])


def remove_audio_file(sender, instance: VoiceRecording, **kwargs) -> None:
    """Delete a recording's file once its row's deletion commits (a rolled-back
    deletion keeps both)."""
    name, storage = instance.audio.name, instance.audio.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def connect_receivers() -> None:
    from django.db.models.signals import post_delete

    post_delete.connect(
        remove_audio_file, sender=VoiceRecording, dispatch_uid="courses-voice-recording-file"
    )

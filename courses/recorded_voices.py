"""A learner's voice recording sent to tutors: the model. `courses.voice_recordings`
writes it and removes its file; a recording is heard only by the tutors it was sent
to, while the learner is in one of their classrooms (`VoiceRecording.objects.heard_by`).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

VOICE_RECORDING_FOLDER = "voice-recordings"


def voice_recording_path(instance, filename) -> str:
    """A random name: neither the learner nor the word can be read from it."""
    return f"{VOICE_RECORDING_FOLDER}/{secrets.token_hex(16)}{instance.extension}"


class VoiceRecordingQuerySet(models.QuerySet):
    def heard_by(self, tutor):
        """Recordings sent to `tutor` while the learner was, and still is, in one of
        their classrooms: the tutor rule of `Membership.objects.visible_learners`."""
        from .models import Membership  # models.py imports this module at its end

        windows = Membership.objects.visible_learners(tutor).filter(
            learner=OuterRef("learner"), joined_at__lte=OuterRef("created_at")
        )
        return self.filter(Exists(windows), tutors=tutor)

    def audible_to(self, user):
        """The user's own recordings and those they may hear as a tutor."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(learner=user) | Q(pk__in=self.heard_by(user).values("pk")))


class VoiceRecording(models.Model):
    """A learner saying a word or sentence of the curriculum, sent to tutors they chose.

    Recordings stay on the learner's phone; only one the learner sends becomes a
    row. Its file goes with the row (`courses.voice_recordings`), also when the
    account is deleted.
    """

    class AudioType(models.TextChoices):
        WEBM = "audio/webm", "WebM"
        OGG = "audio/ogg", "Ogg"
        MP4 = "audio/mp4", "MP4"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voice_recordings"
    )
    text = models.CharField(_("text"), max_length=500)
    audio = models.FileField(_("recording"), upload_to=voice_recording_path, max_length=200)
    content_type = models.CharField(max_length=20, choices=AudioType)
    size = models.PositiveIntegerField(_("size (bytes)"))
    tutors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    created_at = models.DateTimeField()

    objects = VoiceRecordingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("voice recording")

    def __str__(self):
        return f"recording {self.pk} of {self.learner_id}"

    @property
    def extension(self) -> str:
        return {"audio/webm": ".webm", "audio/ogg": ".ogg", "audio/mp4": ".m4a"}[self.content_type]

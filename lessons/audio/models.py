"""One rendering of a text: `SpokenText`.

Invariants: `key` is the SHA-256 of (voice, speed, text) and unique, so a text
is rendered at most once per voice and speed; the file's name is the key, so a
changed text gets a new file and never overwrites one a page or deck points at.
"""

import hashlib
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

NORMAL = 1.0
SLOW = 0.75
SPEEDS = (NORMAL, SLOW)
AUDIO_FOLDER = "audio"


def clean_text(text: str) -> str:
    return " ".join(text.split())


def spoken_key(text: str, *, voice: str, speed: float) -> str:
    material = f"{voice}\n{speed:.2f}\n{clean_text(text)}"
    return hashlib.sha256(material.encode()).hexdigest()


class SpokenTextQuerySet(models.QuerySet):
    def for_texts(
        self, texts: Iterable[str], *, voice: str
    ) -> dict[tuple[str, float], "SpokenText"]:
        """{(clean text, speed): rendering} of these texts at every speed, in one query."""
        wanted = {
            spoken_key(text, voice=voice, speed=speed): (clean_text(text), speed)
            for text in texts
            for speed in SPEEDS
        }
        found = self.filter(key__in=wanted)
        return {wanted[spoken.key]: spoken for spoken in found}


class SpokenText(models.Model):
    key = models.CharField(max_length=64, unique=True, editable=False)
    text = models.CharField(_("text"), max_length=500)
    voice = models.CharField(_("voice"), max_length=50)
    speed = models.FloatField(_("speed"))
    audio = models.FileField(_("audio"), upload_to=f"{AUDIO_FOLDER}/", max_length=200)
    duration_ms = models.PositiveIntegerField(_("length (ms)"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpokenTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("spoken text")
        ordering = ["text", "speed"]

    def __str__(self):
        return f"{self.text} ({self.voice}, ×{self.speed:g})"

    @property
    def media_name(self) -> str:
        """A flat, stable file name for Anki's global media folder."""
        return f"saebom_{self.key[:20]}.mp3"

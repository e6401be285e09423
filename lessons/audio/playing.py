"""What plays when a learner presses a speaker button, on a word, a sentence or
a listening exercise.

Rule: an editor's recording of a headword (a vocabulary item's `audio`
document) wins over the rendered normal-speed file; the slow version is always
the rendered one; a text with no file yet has no URL, and the page falls back
to the browser's speech synthesis. A recording is found by headword, so two
senses of one headword share the first one's recording.
"""

import posixpath

from django.urls import reverse

from lessons.models import VocabularyItem

from . import engine
from .models import NORMAL, SLOW, SpokenText, clean_text


def audio_url(text: str, *, slow: bool = False) -> str | None:
    if not slow and (recorded := recorded_url(text)):
        return recorded
    spoken = rendered(text, speed=SLOW if slow else NORMAL)
    return file_url(spoken) if spoken else None


def file_url(spoken: SpokenText) -> str:
    """Where Saebom sends this rendering's file (`views.spoken_file`): one address
    whatever the storage, never the storage's own (perhaps signed) URL."""
    return reverse("spoken_file", kwargs={"name": posixpath.basename(spoken.audio.name)})


def recorded_url(text: str) -> str | None:
    """The URL of an editor's recording of this text as a headword, if there is one."""
    recorded = (
        VocabularyItem.objects.filter(headword=clean_text(text), audio__isnull=False)
        .select_related("audio")
        .order_by("pk")
        .first()
    )
    return recorded.audio.url if recorded and recorded.audio.file else None


def rendered(text: str, *, speed: float) -> SpokenText | None:
    found = SpokenText.objects.for_texts([text], voice=engine.voice())
    return found.get((clean_text(text), speed))

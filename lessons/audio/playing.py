"""What plays when a learner presses a speaker button.

Rule: an editor's recording of a headword (a vocabulary item's `audio`
document) wins over the rendered normal-speed file; the slow version is always
the rendered one; a text with no file yet has no URL, and the page falls back
to the browser's speech synthesis. A recording is found by headword, so two
senses of one headword share the first one's recording.
"""

from lessons.models import VocabularyItem

from . import engine
from .models import NORMAL, SLOW, SpokenText, clean_text, spoken_key


def audio_url(text: str, *, slow: bool = False) -> str | None:
    text = clean_text(text)
    if not slow:
        recorded = (
            VocabularyItem.objects.filter(headword=text, audio__isnull=False)
            .select_related("audio")
            .order_by("pk")
            .first()
        )
        if recorded and recorded.audio.file:
            return recorded.audio.url
    key = spoken_key(text, voice=engine.voice(), speed=SLOW if slow else NORMAL)
    spoken = SpokenText.objects.filter(key=key).first()
    return spoken.audio.url if spoken else None

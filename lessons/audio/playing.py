"""What plays when a learner presses a speaker button.

Rule: an editor's recording of a headword (the vocabulary item's `audio`
document) wins over the rendered normal-speed file; the slow version is always
rendered; a text with no file yet plays nothing here, and the page falls back
to the browser's speech synthesis.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from . import engine
from .models import NORMAL, SLOW, SpokenText, clean_text


@dataclass(frozen=True)
class Sound:
    normal: str = ""  # URL, empty while not rendered
    slow: str = ""


def recordings_of(items: Iterable) -> dict[str, str]:
    """{headword: recording URL} of the items an editor recorded (audio selected with them)."""
    return {
        clean_text(item.headword): item.audio.url
        for item in items
        if item.audio_id and item.audio.file
    }


def sounds_for(texts: Iterable[str], *, recordings: dict[str, str] | None = None) -> dict:
    """{clean text: Sound} for these texts, in one query."""
    texts = [clean_text(text) for text in texts if text]
    found = SpokenText.objects.for_texts(texts, voice=engine.voice())
    recordings = recordings or {}

    def url(text, speed):
        spoken = found.get((text, speed))
        return spoken.audio.url if spoken else ""

    return {
        text: Sound(normal=recordings.get(text) or url(text, NORMAL), slow=url(text, SLOW))
        for text in texts
    }

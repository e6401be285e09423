"""What a listening exercise plays, found by exercise rather than by text.

Rule: the text a listening exercise plays (its module's `heard_text(value)`)
is its answer, so the page never carries it: the speaker buttons name the
lesson and the block, and the server finds the rendered file (`SpokenText`,
normal or slow). Only while the text has no rendered file does the server hand
out the text itself, for the browser's speech synthesis to speak; once the file
exists, the text is not sent.
"""

from lessons.exercises import registry

from .audio import engine
from .audio.models import NORMAL, SLOW, SpokenText, clean_text

SPEEDS = {"normal": NORMAL, "slow": SLOW}


def heard_text(block) -> str | None:
    """The text a stream child plays, or None when it is not a listening exercise."""
    heard = getattr(registry().get(block.block_type), "heard_text", None)
    return clean_text(heard(block.value)) if heard else None


def rendered(text: str, *, speed: float) -> SpokenText | None:
    found = SpokenText.objects.for_texts([text], voice=engine.voice())
    return found.get((clean_text(text), speed))

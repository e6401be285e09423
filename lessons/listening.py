"""What a listening exercise plays, found by exercise rather than by text.

Rule: the text a listening exercise plays (its module's `heard_text(value)`)
is its answer, so the page never carries it: the speaker buttons name the
lesson and the block, and the server finds the file the way every speaker
button does (`lessons.audio.playing`: an editor's recording wins, then the
rendered file, normal or slow). Only while the text has no file does the
server hand out the text itself, for the browser's speech synthesis to speak;
once a file exists, the text is not sent.
"""

from lessons.exercises import registry

from .audio.models import clean_text

SPEEDS = ("normal", "slow")


def heard_text(block) -> str | None:
    """The text a stream child plays, or None when it is not a listening exercise."""
    heard = getattr(registry().get(block.block_type), "heard_text", None)
    return clean_text(heard(block.value)) if heard else None

from django import template

from lessons.audio.models import clean_text
from lessons.audio.playing import Sound

register = template.Library()


@register.inclusion_tag("lessons/includes/speak_button.html", takes_context=True)
def speak_button(context, text: str, *, sounds=None, labelled=False, exercise=False) -> dict:
    """A speaker button for `text` and its slow twin, from the page's precomputed sounds.

    `labelled` shows the word "Listen"; `exercise` also says when nothing can play.
    """
    sounds = context.get("sounds", {}) if sounds is None else sounds
    return {
        "text": text,
        "sound": sounds.get(clean_text(text or ""), Sound()),
        "labelled": labelled or exercise,
        "exercise": exercise,
    }

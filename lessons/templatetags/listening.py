from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("lessons/includes/listen_buttons.html", takes_context=True)
def listen_buttons(context, text: str) -> dict:
    """A listening exercise's speaker buttons, normal and slow: they name the exercise,
    never the text it plays (lessons.listening). Outside a saved lesson (the editor's
    block preview) there is no exercise to name, and the editor may hear the text."""
    page, block_id = context.get("page"), context.get("id")
    if page is None or not page.pk or not block_id:
        return {"preview_text": text}
    where = {"page_id": page.pk, "block_id": block_id}
    return {
        "normal": reverse("lessons:exercise_audio", kwargs={**where, "speed": "normal"}),
        "slow": reverse("lessons:exercise_audio", kwargs={**where, "speed": "slow"}),
        "text_url": reverse("lessons:exercise_speech_text", kwargs=where),
    }

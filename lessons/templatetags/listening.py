from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("lessons/includes/listen_buttons.html", takes_context=True)
def listen_buttons(context, text: str) -> dict:
    """A listening exercise's speaker buttons, normal and slow: they name the exercise,
    never the text it plays (lessons.listening). In an editor's preview the exercise
    may not be live yet, or not as shown, and the editor may hear the text itself."""
    page, block_id = context.get("page"), context.get("id")
    previewing = getattr(context.get("request"), "is_preview", False)
    if previewing or page is None or not page.pk or not block_id:
        return {"preview_text": text}
    where = {"page_id": page.pk, "block_id": block_id}
    return {"url": reverse("lessons:exercise_listening", kwargs=where)}

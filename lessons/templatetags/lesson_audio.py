from django import template

register = template.Library()


@register.inclusion_tag("lessons/includes/speak_button.html")
def speak_button(text: str, *, labelled=False, exercise=False) -> dict:
    """A speaker button for `text` and its slow twin.

    `labelled` shows the word "Listen"; `exercise` also says when nothing can play.
    """
    return {"text": text, "labelled": labelled or exercise, "exercise": exercise}

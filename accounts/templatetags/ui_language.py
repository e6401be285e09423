"""A page's words in the language the reader uses.

A page may carry a Korean twin of a field (`title_ko` beside `title`); a
reader of the Korean site sees the twin when it is filled, others the field.
"""

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def localized(page, field: str):
    if translation.get_language() == "ko":
        korean = getattr(page, f"{field}_ko", "")
        if korean:
            return korean
    return getattr(page, field, "")

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def leave_now_url() -> str:
    """Where "leave now" sends the phone (settings.LEAVE_NOW_URL): a page that says
    nothing about Saebom. Read when a page is drawn, never at import."""
    return settings.LEAVE_NOW_URL

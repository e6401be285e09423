"""The review panel of the learner home: session links and unread notifications, one query."""

from django import template

from progress.models import Notification

register = template.Library()

SHOWN_NOTIFICATIONS = 3


@register.inclusion_tag("progress/review/home_panel.html", takes_context=True)
def review_panel(context) -> dict:
    user = context["request"].user
    unread = Notification.objects.filter(learner=user, read_at__isnull=True)
    return {"notifications": list(unread[:SHOWN_NOTIFICATIONS])}

"""What the learner sent in a writing exercise, shown under the exercise when they
come back to it: how many texts went to the tutor and how many comments came back,
with the way to My writing. Never the texts or the comments themselves: a step is
a page the phone keeps for offline study, and kept pages hold nothing that could
name the learner (docs/OFFLINE.md), which free text may do. One query."""

from django import template
from django.db.models import Count

from progress.models import WritingSubmission

register = template.Library()


@register.inclusion_tag("progress/includes/sent_writing.html", takes_context=True)
def sent_writing(context, page, block_id: str) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or page is None or not page.pk:
        return {"sent": 0}
    found = WritingSubmission.objects.filter(
        learner=user, lesson_id=page.pk, block_id=block_id
    ).aggregate(sent=Count("pk", distinct=True), comments=Count("comments"))
    return {**found, "block_id": block_id}

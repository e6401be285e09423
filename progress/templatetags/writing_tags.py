"""What the learner sent in a writing exercise, with their tutors' comments, shown
under the exercise when they come back to it (two queries: one inclusion a step)."""

from django import template

from progress.models import WritingSubmission

register = template.Library()


@register.inclusion_tag("progress/includes/sent_writing.html", takes_context=True)
def sent_writing(context, page, block_id: str) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or page is None or not page.pk:
        return {"submissions": []}
    submissions = WritingSubmission.objects.filter(
        learner=user, lesson_id=page.pk, block_id=block_id
    ).prefetch_related("comments")
    return {"submissions": list(submissions), "block_id": block_id}

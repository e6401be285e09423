"""Which learners' writing a classroom's tutors read: the submissions of the
classroom's current learners made since they joined (the window rule of
`Membership`, as for voice recordings). A learner who leaves takes their writing
with them; joining again shows only what they write from then on.
"""

from django.db.models import Count, Exists, OuterRef, QuerySet

from progress.models import WritingComment, WritingSubmission

from .models import Classroom, Membership

# A classroom's lists show this many of each kind; older work is rarely read again.
LIST_LENGTH = 200


def submissions_in(classroom: Classroom) -> QuerySet:
    windows = Membership.objects.current().filter(
        classroom=classroom, learner=OuterRef("learner"), joined_at__lte=OuterRef("submitted_at")
    )
    return WritingSubmission.objects.filter(Exists(windows))


def classroom_writing(classroom: Classroom) -> dict[str, list]:
    """The submissions awaiting a comment (oldest first) and those commented on."""
    rows = (
        submissions_in(classroom)
        .select_related("learner__learner_profile", "lesson")
        .annotate(comment_count=Count("comments"))
    )
    commented = WritingComment.objects.filter(submission=OuterRef("pk"))
    return {
        "awaiting": list(
            rows.filter(~Exists(commented)).order_by("submitted_at", "pk")[:LIST_LENGTH]
        ),
        "commented": list(rows.filter(Exists(commented))[:LIST_LENGTH]),
    }

"""Writing sent to a tutor: the models. `progress.writing` writes them; who may
read them is the courses app's rule (`courses.writing_review`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WritingSubmission(models.Model):
    """A text the learner wrote in a writing exercise, sent to their tutors: seen by
    the learner and by the tutors of the classrooms they are in now (the courses app
    holds that rule). One per accepted attempt; deleting the user deletes it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="writing_submissions"
    )
    attempt = models.OneToOneField(
        "progress.ExerciseAttempt", on_delete=models.CASCADE, related_name="writing_submission"
    )
    lesson = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="writing_submissions"
    )
    block_id = models.CharField(max_length=64)
    text = models.TextField(_("text"), max_length=2000)
    submitted_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["learner", "lesson", "block_id"])]
        verbose_name = _("writing submission")

    def __str__(self):
        return f"writing {self.pk} of {self.learner_id}"


class WritingComment(models.Model):
    """A tutor's comment on a writing submission; the learner sees it. The key,
    made when the comment form is shown, keeps a form sent twice to one comment."""

    submission = models.ForeignKey(
        WritingSubmission, on_delete=models.CASCADE, related_name="comments"
    )
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)
    key = models.UUIDField(unique=True, editable=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"comment on writing {self.submission_id}"

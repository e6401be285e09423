"""A learner and a tutor they chose: requests, the one-to-one classroom an accepted
request opens, blocks and reports. The models; `courses.matching` writes them.

Invariants: a request carries only what the learner chose to send (a pen name, a
level, a short message); at most one open (pending or accepted) request per learner
and tutor; an accepted request owns one one-to-one classroom, and ending it ends the
learner's membership there. A learner who blocks a tutor is never shown to that
tutor again (`TutorRequest.objects.seen_by`, `TutorBlock`), and a report goes to the
editors' queue. Requests, blocks and reports are the learner's data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from lessons.models import CefrLevel


class TutorRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[TutorRequest.Status.PENDING, TutorRequest.Status.ACCEPTED])

    def seen_by(self, tutor):
        """The tutor's requests, less those of learners who blocked them."""
        blocked = TutorBlock.objects.filter(learner=OuterRef("learner"), tutor=tutor)
        return self.filter(tutor=tutor).exclude(Exists(blocked))


class TutorRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the tutor")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ENDED = "ended", _("Ended")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_requests"
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_received"
    )
    pen_name = models.CharField(_("pen name"), max_length=60)
    level = models.CharField(_("level"), max_length=2, choices=CefrLevel.choices, blank=True)
    message = models.TextField(_("message"), max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    classroom = models.OneToOneField(  # the one-to-one classroom an acceptance opened
        "courses.Classroom",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tutor_request",
    )
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = TutorRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "tutor"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="one_open_request_per_tutor",
            )
        ]

    def __str__(self):
        return f"request {self.pk} ({self.status})"


class TutorBlock(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_blocks"
    )
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "tutor"], name="one_block_per_tutor")
        ]

    def __str__(self):
        return f"{self.learner_id} blocked {self.tutor_id}"


class TutorReport(models.Model):
    """A learner's report about a tutor; editors see it in their queue in Wagtail."""

    class Reason(models.TextChoices):
        RUDE = "rude", _("Rude or unkind")
        PERSONAL = "personal", _("Asked for personal details")
        MONEY = "money", _("Asked for money")
        OFF_TOPIC = "off_topic", _("Talked about things I did not want to")
        OTHER = "other", _("Something else")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_reports"
    )
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    text = models.TextField(_("what happened"), max_length=2000, blank=True)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    editor_note = models.TextField(_("editor's note"), blank=True)

    class Meta:
        ordering = ["resolved_at", "-created_at"]
        verbose_name = _("report about a tutor")

    def __str__(self):
        return f"report {self.pk} about {self.tutor_id}"

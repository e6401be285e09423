"""A one-to-one session between a learner and a tutor they were matched with: the
model. `courses.booking` writes it, `courses.invitations` turns it into an `.ics`
invitation, and `courses.session_reminders` reminds each side once.

Invariants: a session belongs to one accepted request (`TutorRequest`) and starts at
an aware UTC moment; whoever did not propose it accepts or declines it; each side's
reminder moment is fixed when the session is accepted, in that side's own zone and
at their reminder hour, and `*_reminded_at` is set exactly once. The tutor's notes
and the session are the learner's data.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TutoringSessionQuerySet(models.QuerySet):
    def of_learner(self, user):
        return self.filter(request__learner=user)

    def of_tutor(self, user):
        return self.filter(request__tutor=user)


class TutoringSession(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Agreed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    request = models.ForeignKey(
        "courses.TutorRequest", on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=60)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    video_link = models.URLField(_("video link"), max_length=300, blank=True)
    notes = models.TextField(_("notes after the session"), max_length=4000, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the .ics UID
    sequence = models.PositiveIntegerField(default=0)  # the .ics SEQUENCE, raised on change
    created_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    learner_remind_at = models.DateTimeField(null=True, blank=True)
    tutor_remind_at = models.DateTimeField(null=True, blank=True)
    learner_reminded_at = models.DateTimeField(null=True, blank=True)
    tutor_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = TutoringSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["learner_remind_at"], name="courses_session_learner_rmd"),
            models.Index(fields=["tutor_remind_at"], name="courses_session_tutor_rmd"),
        ]

    def __str__(self):
        return f"session {self.pk} at {self.starts_at:%Y-%m-%d %H:%M} UTC"

"""A tutor's profile in the directory learners choose tutors from: the model.

Written by the tutor, approved by an editor: the profile is a snippet in Wagtail's
moderation workflow, so its row holds the approved (live) version while a tutor's
later changes wait as a revision until an editor approves them
(`courses.profiling` writes it). Learners see a profile only when it is live
(`TutorProfile.objects.listed`). The display name need not be real; nothing in a
profile identifies a learner.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from accounts.models import time_zone_choices

from .matches import TutorBlock, TutorRequest


class TutorLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    KOREAN = "ko", _("Korean")
    CHINESE = "zh", _("Chinese")
    RUSSIAN = "ru", _("Russian")
    JAPANESE = "ja", _("Japanese")
    SPANISH = "es", _("Spanish")


class TutorHelp(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    PRONUNCIATION = "pronunciation", _("Pronunciation")
    JOB_INTERVIEWS = "job_interviews", _("Job interviews")
    EXAMS = "exams", _("Exams (TOEFL, IELTS)")
    ACADEMIC_WRITING = "academic_writing", _("Academic writing")
    PUBLIC_SPEAKING = "public_speaking", _("Public speaking")


class TutorProfileQuerySet(models.QuerySet):
    def listed(self):
        """Approved profiles: what learners may browse."""
        return self.filter(live=True).select_related("tutor")

    def open_to(self, learner):
        """Listed profiles a learner may see (not their own, not of a tutor they
        blocked), each with `taken`: the tutor's accepted requests, to compare with
        the capacity."""
        blocked = TutorBlock.objects.filter(learner=learner, tutor=OuterRef("tutor"))
        accepted = models.Q(tutor__requests_received__status=TutorRequest.Status.ACCEPTED)
        return (
            self.listed()
            .exclude(tutor=learner)
            .exclude(Exists(blocked))
            .annotate(taken=models.Count("tutor__requests_received", filter=accepted))
            .order_by("display_name", "pk")  # Meta.ordering does not reach a GROUP BY
        )


class TutorProfile(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    tutor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_profile"
    )
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("Any name you like; it need not be your real name."),
    )
    languages = models.JSONField(_("languages"), default=list)  # TutorLanguage values
    helps_with = models.JSONField(_("helps with"), default=list)  # TutorHelp values
    # Weekly slots [[weekday, start minute, end minute], …] in `time_zone` (courses.availability).
    availability = models.JSONField(_("weekly availability"), default=list)
    time_zone = models.CharField(_("time zone"), max_length=64, choices=time_zone_choices)
    introduction = models.TextField(_("introduction"), max_length=1500)
    capacity = models.PositiveSmallIntegerField(
        _("learners you can take"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TutorProfileQuerySet.as_manager()

    panels = [
        FieldPanel("display_name"),
        FieldPanel("introduction"),
        FieldPanel("time_zone"),
        FieldPanel("capacity"),
    ]
    search_fields = [index.SearchField("display_name"), index.SearchField("introduction")]

    class Meta:
        ordering = ["display_name", "pk"]
        verbose_name = _("tutor profile")

    def __str__(self):
        return self.display_name

    def language_labels(self) -> list[str]:
        return [str(TutorLanguage(code).label) for code in self.languages if code in TutorLanguage]

    def help_labels(self) -> list[str]:
        return [str(TutorHelp(code).label) for code in self.helps_with if code in TutorHelp]

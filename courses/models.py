"""Courses: an index of courses under the home page, and courses of ordered lessons;
classrooms, memberships and assignments.

Invariants: a tutor sees a classroom only as its tutor or a co-tutor
(`Classroom.objects.visible_to`); a learner has at most one current membership
per classroom; an assignment points at exactly one lesson or one course.
Voice recordings (`recorded_voices`) and tutor matching (`tutor_profiles`,
`matches`, `tutoring_sessions`) keep their models in modules of their own,
imported at the end of this one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lessons.models import CEFR_ORDER, CefrLevel, LessonPage
from progress.selectors import course_progress, lesson_statuses


class CourseIndexPage(Page):
    title_ko = models.CharField(_("title (Korean)"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("title_ko"), FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = list(
            CoursePage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
        )
        context["courses"] = courses
        # {course id: (lessons done, lessons)}, empty for a visitor.
        context["course_counts"] = course_progress(request.user, courses)
        return context


class CoursePage(Page):
    title_ko = models.CharField(_("title (Korean)"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)
    cefr_min = models.CharField(_("lowest CEFR level"), max_length=2, choices=CefrLevel)
    cefr_max = models.CharField(_("highest CEFR level"), max_length=2, choices=CefrLevel)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_ko"),
        MultiFieldPanel([FieldPanel("summary"), FieldPanel("summary_ko")], heading=_("Summary")),
        MultiFieldPanel([FieldPanel("cefr_min"), FieldPanel("cefr_max")], heading=_("CEFR range")),
        FieldPanel("cover_image"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("title_ko"),
        index.SearchField("summary"),
        index.SearchField("summary_ko"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["lessons.LessonPage"]

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        if (
            self.cefr_min
            and self.cefr_max
            and CEFR_ORDER.index(self.cefr_min) > CEFR_ORDER.index(self.cefr_max)
        ):
            raise ValidationError({"cefr_max": _("The highest level is below the lowest level.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = list(LessonPage.objects.child_of(self).live().public())
        found = lesson_statuses(request.user, [lesson.pk for lesson in lessons])
        context["lessons"] = lessons
        context["lesson_rows"] = [(lesson, found.get(lesson.pk)) for lesson in lessons]
        return context


# ---------------------------------------------------------------- classrooms

TUTORS_GROUP = "Tutors"
# No 0/O/1/I/L: a code read aloud or copied by hand stays unambiguous.
JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
JOIN_CODE_LENGTH = 8


def is_tutor(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=TUTORS_GROUP).exists()


class ClassroomQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Classrooms the user teaches, as tutor or co-tutor: the one tutor permission check."""
        if not user.is_authenticated:
            return self.none()
        co_taught = Classroom.co_tutors.through.objects.filter(user=user).values("classroom_id")
        return self.filter(models.Q(tutor=user) | models.Q(pk__in=co_taught))


class Classroom(models.Model):
    name = models.CharField(_("name"), max_length=100)
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms_taught"
    )
    co_tutors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="classrooms_co_taught"
    )
    join_code = models.CharField(_("join code"), max_length=16, unique=True)
    join_code_expires_at = models.DateTimeField(_("join code expires"), null=True, blank=True)
    join_code_max_uses = models.PositiveIntegerField(_("join code uses"), null=True, blank=True)
    join_code_uses = models.PositiveIntegerField(default=0)
    next_session_on = models.DateField(_("next session"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("classroom")

    def __str__(self):
        return self.name

    def code_is_open(self, now) -> bool:
        if self.join_code_expires_at is not None and now >= self.join_code_expires_at:
            return False
        return self.join_code_max_uses is None or self.join_code_uses < self.join_code_max_uses


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_at__isnull=True)

    def visible_learners(self, tutor):
        """Current memberships of the classrooms `tutor` teaches."""
        return self.current().filter(classroom__in=Classroom.objects.visible_to(tutor))

    def of_learner(self, user):
        return self.current().filter(learner=user)


class Membership(models.Model):
    """A learner in a classroom from `joined_at` until `left_at`.

    Tutors see only what the learner did inside this window; leaving ends it,
    and joining again opens a new one.
    """

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="memberships")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classroom_memberships"
    )
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "learner"],
                condition=models.Q(left_at__isnull=True),
                name="one_current_membership",
            )
        ]

    def __str__(self):
        return f"{self.learner_id} in {self.classroom_id}"


class AssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)

    def for_learner(self, user):
        """Active assignments that reach `user` through a current membership."""
        memberships = Membership.objects.of_learner(user)
        return self.active().filter(
            models.Q(learner__isnull=True) | models.Q(learner=user),
            classroom__in=memberships.values("classroom_id"),
        )


class Assignment(models.Model):
    class Kind(models.TextChoices):
        COMPLETE = "complete", _("Complete by the due date")
        KEEP = "keep", _("Keep the words remembered until the due date")

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("learner"),
        help_text=_("Leave empty to assign to the whole classroom."),
    )
    lesson = models.ForeignKey(
        "lessons.LessonPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("lesson"),
    )
    course = models.ForeignKey(
        CoursePage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("course"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.COMPLETE)
    target_retention = models.FloatField(
        _("retention to keep"),
        default=0.85,
        validators=[MinValueValidator(0.5), MaxValueValidator(0.99)],
    )
    starts_on = models.DateField(_("start"))
    due_on = models.DateField(_("due"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lesson__isnull=True) ^ models.Q(course__isnull=True),
                name="assignment_lesson_xor_course",
                violation_error_message=_("Choose a lesson or a course."),
            )
        ]

    def __str__(self):
        return f"{self.target} by {self.due_on}"

    def clean(self):
        # Lesson or course, not both: the check constraint says it (validate_constraints).
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            raise ValidationError({"due_on": _("The due date is before the start.")})
        if self.kind == self.Kind.KEEP and self.lesson_id is None:
            raise ValidationError({"kind": _("Keeping words needs one lesson.")})

    @property
    def target(self):
        return self.lesson if self.lesson_id else self.course

    def lessons_in(self, course_lessons: dict[int, list[int]]) -> list[int]:
        """The lesson ids this assignment covers; `course_lessons` maps a course to its lessons."""
        return [self.lesson_id] if self.lesson_id else course_lessons.get(self.course_id, [])

    def status(self, *, lessons: list[int], done: set[int], started: set[int], today) -> str:
        """The one status rule of a "complete" assignment for one learner, on their own day.

        "done" once every covered lesson is (a course with no live lesson never is),
        "overdue" after the due day, else "in_progress" or "not_started". A "keep"
        assignment is judged by its words' retention instead (the tutor's grid).
        """
        if lessons and set(lessons) <= done:
            return "done"
        if today > self.due_on:
            return "overdue"
        return "in_progress" if started.intersection(lessons) else "not_started"


class TutorComment(models.Model):
    """A tutor's feedback on one learner's work on one lesson; the learner sees it."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="comments")
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    progress = models.ForeignKey(
        "progress.LessonProgress", on_delete=models.CASCADE, related_name="tutor_comments"
    )
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"comment on {self.progress_id}"


class TutorInvite(models.Model):
    """A single-use link from site staff that makes a tutor account."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"tutor invite {self.pk}"


# Models in modules of their own (imported here so that Django finds them).
from .matches import TutorBlock, TutorReport, TutorRequest  # noqa: E402, F401
from .recorded_voices import (  # noqa: E402, F401
    VOICE_RECORDING_FOLDER,
    VoiceRecording,
    voice_recording_path,
)
from .tutor_profiles import TutorProfile  # noqa: E402, F401
from .tutoring_sessions import TutoringSession  # noqa: E402, F401

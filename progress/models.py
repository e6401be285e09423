"""What a learner has done and must review.

Invariants: one LearnerProfile per user (made on first need by
`LearnerProfile.objects.for_user`), one LessonProgress per learner and lesson,
one ReviewCard per learner, vocabulary item and direction. Every graded answer
is kept as an ExerciseAttempt. Deleting a user deletes all of it.
"""

from datetime import datetime
from zoneinfo import available_timezones

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones()) if "/" in name]


def current_ui_language() -> str:
    language = (translation.get_language() or "")[:2]
    return language if language in LearnerProfile.Language.values else settings.LANGUAGE_CODE


class LearnerProfileQuerySet(models.QuerySet):
    def for_user(self, user) -> "LearnerProfile":
        """The user's profile, made on first need in the language being used now."""
        profile, _created = self.get_or_create(
            user=user,
            defaults={
                "display_name": user.get_username()[:60],
                "ui_language": current_ui_language(),
            },
        )
        return profile


class LearnerProfile(models.Model):
    class Gloss(models.TextChoices):
        NORTH = "north", _("North Korean words")
        SOUTH = "south", _("South Korean words")
        BOTH = "both", _("Both")

    class Language(models.TextChoices):
        KOREAN = "ko", "한국어"
        ENGLISH = "en", "English"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile"
    )
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("Any name you like. Do not use your real name."),
    )
    gloss_preference = models.CharField(
        _("Korean meanings shown in"), max_length=5, choices=Gloss.choices, default=Gloss.BOTH
    )
    ui_language = models.CharField(
        _("language of the site"), max_length=2, choices=Language.choices, default=Language.KOREAN
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=time_zone_choices, default="Asia/Seoul"
    )
    daily_review_goal = models.PositiveSmallIntegerField(
        _("words to review each day"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )
    reminder_hour = models.PositiveSmallIntegerField(
        _("reminder hour"),
        default=19,
        validators=[MaxValueValidator(23)],
        help_text=_("The hour of the day (0 to 23) to remind you of your reviews."),
    )
    desired_retention = models.FloatField(
        _("how much to remember"),
        default=0.9,
        validators=[MinValueValidator(0.8), MaxValueValidator(0.95)],
        help_text=_("Between 0.80 and 0.95. Higher means you remember more but review more often."),
    )

    objects = LearnerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner profile")

    def __str__(self):
        return self.display_name


class RecoveryCode(models.Model):
    """A one-time code that lets a learner without email set a new password.

    Only a hash is stored; `prefix` (the first characters, not secret enough to
    matter alone) finds the row so that checking costs one hash.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    prefix = models.CharField(max_length=4)
    code_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "prefix"])]

    def __str__(self):
        return f"recovery code {self.prefix}… ({'used' if self.used_at else 'unused'})"


class LessonProgressQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)

    def in_progress(self):
        return self.filter(completed_at__isnull=True)

    def completed(self):
        return self.filter(completed_at__isnull=False)


class LessonProgress(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="learner_progress"
    )
    started_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    best_score = models.FloatField(default=0.0)

    objects = LessonProgressQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "lesson"], name="one_progress_per_lesson")
        ]
        verbose_name_plural = "lesson progress"

    def __str__(self):
        return f"{self.learner_id} on {self.lesson_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class ExerciseAttemptQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)

    def best_scores(self, user, lesson_id: int) -> dict[str, float]:
        """Best score per block id of one learner's attempts on one lesson."""
        rows = (
            self.filter(learner=user, lesson_id=lesson_id)
            .values("block_id")
            .annotate(best=models.Max("score"))
        )
        return {row["block_id"]: row["best"] for row in rows}


class ExerciseAttempt(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exercise_attempts"
    )
    lesson = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="exercise_attempts"
    )
    block_id = models.CharField(max_length=64)
    block_type = models.CharField(max_length=32)
    answer = models.JSONField()
    score = models.FloatField(validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])
    correct = models.BooleanField()
    created_at = models.DateTimeField(db_index=True)

    objects = ExerciseAttemptQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["learner", "lesson", "block_id"])]

    def __str__(self):
        return f"{self.block_type} {self.block_id}: {self.score:.2f}"


class ReviewCardQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)

    def due(self, now: datetime):
        return self.filter(due__lte=now)


class ReviewCard(models.Model):
    """One direction of one word for one learner, with its FSRS memory state.

    A new card is py-fsrs's new card: state Learning, step 0, no stability or
    difficulty, due at once.
    """

    class Direction(models.TextChoices):
        RECOGNITION = "recognition", _("English to Korean")
        PRODUCTION = "production", _("Korean to English")

    class State(models.IntegerChoices):
        LEARNING = 1, _("learning")
        REVIEW = 2, _("review")
        RELEARNING = 3, _("relearning")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards"
    )
    item = models.ForeignKey(
        "lessons.VocabularyItem", on_delete=models.CASCADE, related_name="review_cards"
    )
    direction = models.CharField(max_length=12, choices=Direction.choices)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True, default=0)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(db_index=True)
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewCardQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "item", "direction"], name="one_card_per_item_direction"
            )
        ]

    def __str__(self):
        return f"{self.item_id} {self.direction} for {self.learner_id}"

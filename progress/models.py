"""What a learner has done and must review.

Invariants: one LessonProgress per learner and lesson,
one ReviewCard per learner, vocabulary item and direction. Every graded answer
is kept as an ExerciseAttempt; an accepted answer to a writing exercise is also
one WritingSubmission, which tutors comment on (WritingComment). Deleting a user
deletes all of it.
"""

from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A card forgotten this many times is a leech: it needs a new way in, not more reviews.
LEECH_LAPSES = 4
WEAK_LAPSES = 2
WEAK_DIFFICULTY = 7.0
WEAK = models.Q(lapses__gte=WEAK_LAPSES) | models.Q(difficulty__gte=WEAK_DIFFICULTY)


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
    # Made when the exercise form is rendered: a re-sent answer (the offline outbox,
    # a double tap) carries the same key and is recorded once.
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = ExerciseAttemptQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["learner", "lesson", "block_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "idempotency_key"], name="one_attempt_per_idempotency_key"
            )
        ]

    def __str__(self):
        return f"{self.block_type} {self.block_id}: {self.score:.2f}"


class ReviewCardQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)

    def due(self, now: datetime):
        return self.filter(due__lte=now)

    def new(self):
        """Cards never answered."""
        return self.filter(reps=0)

    def seen(self):
        return self.filter(reps__gt=0)

    def leeches(self):
        return self.filter(lapses__gte=LEECH_LAPSES)

    def weak(self):
        """Cards of a learner's weak words: lapsed WEAK_LAPSES times or more, or
        with a difficulty of at least WEAK_DIFFICULTY (the "weak words" deck)."""
        return self.filter(WEAK)


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

    # No index of its own: the unique (learner, item, direction) and the (learner, due)
    # indexes lead with it, and an answer rewrites every index of its card.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_cards",
        db_index=False,
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
        indexes = [models.Index(fields=["learner", "due"])]

    def __str__(self):
        return f"{self.item_id} {self.direction} for {self.learner_id}"


class ReviewLogQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(learner=user)

    def since(self, moment: datetime):
        return self.filter(reviewed_at__gte=moment)


class ReviewLog(models.Model):
    """One answer to one card. A card's FSRS state is the replay of its logs in time order."""

    class Source(models.TextChoices):
        WEB = "web", "web"
        API = "api", "API"
        ANKI = "anki", "Anki"

    # No index of their own: the (learner, …) and (card, reviewed_at) indexes below
    # lead with these columns, and every index is one more write per answer.
    # The learner is the card's, copied so that a learner's logs are found by index,
    # and has no key of its own in the database: every log is held to a card, and the
    # card's key holds it to its learner, so the learner's key would only check each
    # answer a second time (an import writes a learner's whole history).
    # Django still deletes a learner's logs with the learner.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="review_logs",
        db_index=False,
        db_constraint=False,
    )
    # Held to an existing card on PostgreSQL by triggers that check once a statement,
    # not by a key that checks once a row (migration 0015 says how).
    card = models.ForeignKey(
        ReviewCard,
        on_delete=models.CASCADE,
        related_name="logs",
        db_index=False,
        db_constraint=False,
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    reviewed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=4, choices=Source.choices)
    external_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewLogQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "external_id"], name="one_log_per_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["card", "reviewed_at"]),
            models.Index(fields=["learner", "reviewed_at"]),
        ]

    def __str__(self):
        return f"card {self.card_id} rated {self.rating} at {self.reviewed_at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REVIEW_REMINDER = "review_reminder", "review reminder"
        TUTOR_DIGEST = "tutor_digest", "tutor digest"
        ANKI_IMPORT = "anki_import", "Anki import"
        SESSION_REMINDER = "session_reminder", "session reminder"
        SESSION_PROPOSED = "session_proposed", "session proposed"
        TUTOR_MATCH = "tutor_match", "tutor request answered"

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["learner", "read_at"])]
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} for {self.learner_id}"


class SentMarker(models.Model):
    """The "done" marker of a once-a-day message: inserted before sending, so a
    second run (or a second worker) finds the row and sends nothing."""

    class Kind(models.TextChoices):
        REVIEW_REMINDER = "review_reminder", "review reminder"
        TUTOR_DIGEST = "tutor_digest", "tutor digest"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_markers"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    local_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "local_date"], name="one_message_per_kind_and_day"
            )
        ]

    def __str__(self):
        return f"{self.kind} for {self.user_id} on {self.local_date}"


class LearnerStats(models.Model):
    """Dashboard aggregates, recomputed nightly by `progress.stats`."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_stats"
    )
    reviews_7_days = models.PositiveIntegerField(default=0)
    reviews_30_days = models.PositiveIntegerField(default=0)
    due_7_days = models.PositiveIntegerField(default=0)
    due_30_days = models.PositiveIntegerField(default=0)
    average_retrievability = models.FloatField(null=True, blank=True)
    streak_days = models.PositiveIntegerField(default=0)
    leeches = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    def __str__(self):
        return f"stats of {self.learner_id} at {self.refreshed_at:%Y-%m-%d}"


class ParameterFit(models.Model):
    """One nightly fit of a learner's FSRS parameters, kept or not, with its figures."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parameter_fits"
    )
    fitted_at = models.DateTimeField()
    reviews_seen = models.PositiveIntegerField()
    kept = models.BooleanField()
    reason = models.CharField(max_length=200)
    log_loss_before = models.FloatField(null=True, blank=True)
    log_loss_after = models.FloatField(null=True, blank=True)
    figures = models.JSONField()

    class Meta:
        get_latest_by = "fitted_at"

    def __str__(self):
        outcome = "kept" if self.kept else "refused"
        return f"fit for {self.learner_id} at {self.fitted_at:%Y-%m-%d} ({outcome})"


class AnkiImport(models.Model):
    """One uploaded Anki package and what importing it did. The upload itself is
    deleted once processed; only these counts and the reviews remain."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="anki_imports"
    )
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.QUEUED)
    upload = models.CharField(max_length=200, blank=True)  # storage path until processed
    new_reviews = models.PositiveIntegerField(default=0)
    already_known = models.PositiveIntegerField(default=0)
    foreign_notes = models.PositiveIntegerField(default=0)
    skipped_rows = models.PositiveIntegerField(default=0)
    new_cards = models.PositiveIntegerField(default=0)
    cards_replayed = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=40, blank=True)  # a PackageError class name
    created_at = models.DateTimeField(auto_now_add=True)
    # The sweep (anki/sweeping.py) reads these three to tell lost or dead work from live work.
    queued_at = models.DateTimeField(default=timezone.now)  # its task message was last sent
    requeues = models.PositiveSmallIntegerField(default=0)  # messages the sweep sent again
    started_at = models.DateTimeField(null=True, blank=True)  # a worker claimed it
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status"], name="progress_anki_status_idx")]

    def __str__(self):
        return f"Anki import {self.pk} for {self.learner_id} ({self.status})"


# Models in modules of their own (imported here so that Django finds them).
from .placement_tests import PlacementTest  # noqa: E402, F401
from .submissions import WritingComment, WritingSubmission  # noqa: E402, F401

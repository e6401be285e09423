"""A learner's own data: everything kept about them, as JSON, and its deletion.

The export holds the account, the profile (with fitted FSRS parameters),
lesson progress, every exercise attempt, every review card and review log,
notifications and parameter fits. Deleting the account deletes all of it (every
row refers to the user with on_delete=CASCADE).
"""

from django.db import transaction

from .models import (
    ExerciseAttempt,
    LearnerProfile,
    LessonProgress,
    Notification,
    ParameterFit,
    RecoveryCode,
    ReviewCard,
    ReviewLog,
)

EXPORT_FORMAT = "saebom-learner-data/1"


def iso(value) -> str | None:
    return value.isoformat() if value else None


def profile_data(user) -> dict:
    profile = LearnerProfile.objects.for_user(user)
    fields = [
        "display_name",
        "gloss_preference",
        "ui_language",
        "time_zone",
        "daily_review_goal",
        "reminder_hour",
        "desired_retention",
        "fsrs_parameters",
    ]
    return {name: getattr(profile, name) for name in fields}


def export_learner_data(user) -> dict:
    return {
        "format": EXPORT_FORMAT,
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": iso(user.date_joined),
            "recovery_codes_left": RecoveryCode.objects.filter(
                user=user, used_at__isnull=True
            ).count(),
        },
        "profile": profile_data(user),
        "lessons": [
            {
                "lesson_id": p.lesson_id,
                "lesson": p.lesson.title,
                "started_at": iso(p.started_at),
                "completed_at": iso(p.completed_at),
                "best_score": p.best_score,
            }
            for p in LessonProgress.objects.for_learner(user).select_related("lesson")
        ],
        "attempts": [
            {
                "lesson_id": a.lesson_id,
                "block_id": a.block_id,
                "block_type": a.block_type,
                "answer": a.answer,
                "score": a.score,
                "correct": a.correct,
                "created_at": iso(a.created_at),
            }
            for a in ExerciseAttempt.objects.for_learner(user).order_by("created_at")
        ],
        "review_cards": [
            {
                "word": c.item.headword,
                "word_uuid": str(c.item.uuid),
                "direction": c.direction,
                "state": c.state,
                "step": c.step,
                "stability": c.stability,
                "difficulty": c.difficulty,
                "due": iso(c.due),
                "last_review": iso(c.last_review),
                "reps": c.reps,
                "lapses": c.lapses,
            }
            for c in ReviewCard.objects.for_learner(user).select_related("item")
        ],
        "review_logs": review_log_data(user),
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "created_at": iso(n.created_at),
                "read_at": iso(n.read_at),
            }
            for n in Notification.objects.filter(learner=user)
        ],
        "parameter_fits": list(
            ParameterFit.objects.filter(learner=user)
            .order_by("fitted_at")
            .values("fitted_at", "reviews_seen", "kept", "reason", "figures")
        ),
    }


def review_log_data(user) -> list[dict]:
    logs = ReviewLog.objects.for_learner(user).select_related("card__item").order_by("reviewed_at")
    return [
        {
            "word_uuid": str(log.card.item.uuid),
            "direction": log.card.direction,
            "rating": log.rating,
            "reviewed_at": iso(log.reviewed_at),
            "duration_ms": log.duration_ms,
            "source": log.source,
        }
        for log in logs
    ]


@transaction.atomic
def delete_learner(*, user) -> None:
    """Delete the account and, by cascade, everything kept about the learner."""
    user.delete()

"""Writes of a learner's study: attempts, lesson progress, new review cards.

Every function is keyword-only and transactional. A lesson's best score is the
mean over its exercises of the best score of each (unanswered ones count 0); it
never goes down. A lesson is complete once every exercise has an attempt, and
completing it creates the learner's review cards for its words, both
directions, at most once each (the unique constraint is the guard).

Reviews: a card's FSRS state is a function of its ReviewLogs. `record_review`
locks the card row, so answers to one card apply one after another; an answer
newer than the card's last review is applied as one scheduler step, an older
one (an offline Anki review arriving late) makes the whole history replay in
time order. An external id already recorded for the learner returns the
existing log and changes nothing; so does an exercise answer's idempotency key.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons import grading
from lessons.exceptions import AnswerFormatError
from lessons.grading import Grade

from . import answering, bulk_write, memory, writing
from .exceptions import FutureReview, InvalidRating, LessonNotFinished, UnknownCard
from .models import ExerciseAttempt, LessonProgress, ReviewCard, ReviewLog
from .scheduler import Review, SchedulerConfig

# Clocks of phones and browsers run a little fast; later than this is refused.
CLOCK_SKEW = timedelta(minutes=2)
# What answering a card reads and writes of it (tests compare cards by these).
MEMORY_FIELDS = answering.MEMORY_FIELDS
REPLAY_BATCH = 2000


def lesson_score(best: Mapping[str, float], exercise_ids: Sequence[str]) -> float:
    if not exercise_ids:
        return 1.0 if not best else max(best.values())
    return sum(best.get(block_id, 0.0) for block_id in exercise_ids) / len(exercise_ids)


def exercise_ids_of(lesson) -> list[str]:
    return [block.id for block in lesson.exercise_blocks()]


@transaction.atomic
def start_lesson(*, learner, lesson, now: datetime | None = None) -> LessonProgress:
    now = now or timezone.now()
    progress, created = LessonProgress.objects.select_for_update().get_or_create(
        learner=learner, lesson_id=lesson.pk, defaults={"started_at": now, "last_activity_at": now}
    )
    # An answer given offline may arrive after later work: activity only moves forward.
    if not created and now > progress.last_activity_at:
        progress.last_activity_at = now
        progress.save(update_fields=["last_activity_at"])
    return progress


@transaction.atomic
def record_attempt(
    *, learner, lesson, idempotency_key: UUID | None = None, now: datetime | None = None, **graded
) -> ExerciseAttempt:
    """Keep one graded answer (`graded`: block_id, block_type, answer, score, correct);
    update the lesson's best score; complete it when due.

    An answer whose key the learner already sent returns the attempt first kept
    for it and changes nothing.
    """
    now = now or timezone.now()
    attempt = ExerciseAttempt(
        learner=learner,
        lesson_id=lesson.pk,
        created_at=now,
        idempotency_key=idempotency_key,
        **graded,
    )
    attempt.full_clean(validate_constraints=False)
    kept = save_once(attempt)
    if kept is attempt:
        update_lesson_score(learner=learner, lesson=lesson, now=now)
    return kept


def record_answer(
    *, learner, lesson, block, answer: dict, idempotency_key: UUID | None, now=None
) -> tuple[ExerciseAttempt, Grade]:
    """Grade a parsed answer to one of the lesson's exercise blocks on the server and
    keep it once per key: the answer path of the answer view and of the offline sync.

    An accepted answer to a writing exercise is kept as a submission to the
    learner's tutors too (progress.writing). Returns the attempt kept and its
    grade; for a key kept before, the first answer and its grade. Raises
    AnswerFormatError when the answer does not fit the block, or when its key was
    kept for another exercise.
    """
    grade = grading.grade(block.block_type, block.value, answer)
    attempt = keep_graded(
        learner=learner,
        lesson=lesson,
        block=block,
        answer=answer,
        grade=grade,
        idempotency_key=idempotency_key,
        now=now,
    )
    if attempt.answer is answer:  # not an attempt its key kept before
        return attempt, grade
    if (attempt.lesson_id, attempt.block_id) != (lesson.pk, block.id):
        raise AnswerFormatError(_("This answer was already sent for another exercise."))
    return attempt, grading.grade(block.block_type, block.value, attempt.answer)


def keep_graded(*, learner, lesson, block, answer: dict, grade: Grade, **key) -> ExerciseAttempt:
    """Keep the graded answer once per key (`key`: idempotency_key, now), and a writing
    answer sent to the tutors as their submission, in one transaction."""
    with transaction.atomic():
        attempt = record_attempt(
            learner=learner,
            lesson=lesson,
            block_id=block.id,
            block_type=block.block_type,
            answer=answer,
            score=grade.score,
            correct=grade.correct,
            **key,
        )
        if attempt.answer is answer and grade.sent_to_tutor:
            writing.keep_submission(attempt=attempt)
    return attempt


def save_once(attempt: ExerciseAttempt) -> ExerciseAttempt:
    """Save the attempt, or return the one the learner's key already kept (the
    same answer sent again, or twice at once): the unique key decides."""
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:
        key = attempt.idempotency_key
        kept = attempt_with_key(attempt.learner, key) if key is not None else None
        if kept is None:
            raise
        return kept
    return attempt


def attempt_with_key(learner, key: UUID) -> ExerciseAttempt | None:
    return ExerciseAttempt.objects.filter(learner=learner, idempotency_key=key).first()


def update_lesson_score(*, learner, lesson, now: datetime) -> LessonProgress:
    """Raise the lesson's best score to its current one; complete it once all is answered."""
    progress = start_lesson(learner=learner, lesson=lesson, now=now)
    exercise_ids = exercise_ids_of(lesson)
    best = ExerciseAttempt.objects.best_scores(learner, lesson.pk)
    progress.best_score = max(progress.best_score, lesson_score(best, exercise_ids))
    progress.save(update_fields=["best_score"])
    if progress.completed_at is None and set(exercise_ids) <= best.keys():
        progress = complete_lesson(learner=learner, lesson=lesson, now=now)
    return progress


@transaction.atomic
def complete_lesson(*, learner, lesson, now: datetime | None = None) -> LessonProgress:
    """Mark the lesson complete and create its review cards; safe to repeat."""
    now = now or timezone.now()
    exercise_ids = exercise_ids_of(lesson)
    answered = ExerciseAttempt.objects.best_scores(learner, lesson.pk).keys()
    if not set(exercise_ids) <= answered:
        raise LessonNotFinished(lesson.pk)
    progress = start_lesson(learner=learner, lesson=lesson, now=now)
    if progress.completed_at is None:
        progress.completed_at = now
        if not exercise_ids:
            progress.best_score = 1.0
        progress.save(update_fields=["completed_at", "best_score"])
    create_review_cards(learner=learner, items=lesson.vocabulary_items(), now=now)
    return progress


@transaction.atomic
def create_review_cards(*, learner, items: Iterable, now: datetime | None = None) -> int:
    """New cards (py-fsrs's new card: Learning, step 0, due now) for both
    directions of each item that lacks them. Returns how many were made."""
    now = now or timezone.now()
    item_ids = {item.pk for item in items}
    existing = set(
        ReviewCard.objects.filter(learner=learner, item_id__in=item_ids).values_list(
            "item_id", "direction"
        )
    )
    missing = [
        (item_id, direction)
        for item_id in sorted(item_ids)
        for direction in ReviewCard.Direction.values
        if (item_id, direction) not in existing
    ]
    new_card = ReviewCard(learner=learner, state=ReviewCard.State.LEARNING, step=0, due=now)
    bulk_write.insert_cards(new_card, missing)
    return len(missing)


@transaction.atomic
def record_review(
    *,
    card_id: int,
    rating: int,
    reviewed_at: datetime,
    duration_ms: int | None,
    source: str,
    external_id: str,
    now: datetime | None = None,
) -> ReviewLog:
    """Record one answer and bring the card's FSRS state up to date; once per external id."""
    check_answer(rating, reviewed_at, now=now or timezone.now())
    values = checked_log(
        rating=rating,
        reviewed_at=reviewed_at,
        duration_ms=duration_ms,
        source=source,
        external_id=external_id,
    )
    card = locked_card(card_id)
    # The card row just read proves both foreign keys.
    values.update(learner_id=card.learner_id, card_id=card_id, created_at=timezone.now())
    log_id = apply_review(card=card, values=values)
    if log_id is None:
        return ReviewLog.objects.get(learner_id=card.learner_id, external_id=external_id)
    log = ReviewLog(id=log_id, **values)
    log._state.adding, log._state.db = False, connection.alias
    return log


def check_answer(rating: int, reviewed_at: datetime, *, now: datetime) -> None:
    if rating not in (1, 2, 3, 4):
        raise InvalidRating(f"A rating is 1 (Again) to 4 (Easy), not {rating!r}.")
    if timezone.is_naive(reviewed_at) or reviewed_at > now + CLOCK_SKEW:
        raise FutureReview(f"A review at {reviewed_at.isoformat()} is in the future.")


def checked_log(**values) -> dict:
    """The caller's values, each cleaned by its ReviewLog field as full_clean would;
    ValidationError naming every field at fault."""
    errors = {}
    for name, value in values.items():
        try:
            values[name] = ReviewLog._meta.get_field(name).clean(value, None)
        except ValidationError as error:
            errors[name] = error.error_list
    if errors:
        raise ValidationError(errors)
    return values


def locked_card(card_id: int) -> answering.LockedCard:
    """The card, locked until commit, with the profile fields its scheduler settings need."""
    card = answering.locked_card_row(card_id)
    if card is None:
        raise UnknownCard(f"There is no review card {card_id}.")
    return card


def apply_review(*, card: answering.LockedCard, values: dict) -> int | None:
    """Insert the log unless its external id is recorded, and bring the card up to
    date: one scheduler step for an answer newer than the card's last review (written
    with the log), a replay of the card's whole history for an older one.
    Returns the new log's id, or None for a repeat (then nothing changed)."""
    config = memory.config_for(card.settings)
    reviewed_at = values["reviewed_at"]
    if card.last_review is not None and reviewed_at < card.last_review:
        log_id = answering.insert_log(values)
        if log_id is not None:
            state = {name: getattr(card, name) for name in MEMORY_FIELDS}
            replay_cards(
                [ReviewCard(id=card.id, learner_id=card.learner_id, **state)], config=config
            )
        return log_id
    current = memory.memory_of(card)
    new = memory.answer(
        current, values["rating"], reviewed_at=reviewed_at, config=config, card_id=card.id
    )
    memory.store(card, new)
    return answering.insert_log_and_update_card(values, card)


def replay_cards(cards: Sequence[ReviewCard], *, config: SchedulerConfig) -> None:
    """Replay each card's whole history (web and Anki) in time order and store the states.

    The one replay of stored logs; the caller holds the cards' locks. Cards go
    REPLAY_BATCH at a time: one query reads their logs, one statement writes them.
    """
    for start in range(0, len(cards), REPLAY_BATCH):
        batch = cards[start : start + REPLAY_BATCH]
        reviews = defaultdict(list)
        logs = ReviewLog.objects.filter(card__in=[card.pk for card in batch])
        for card_id, rating, moment in logs.values_list("card_id", "rating", "reviewed_at"):
            reviews[card_id].append(Review(rating, moment))
        for card in batch:
            state = memory.replay(reviews[card.pk], config=config, card_id=card.pk)
            fields = memory.store(card, state)
        ReviewCard.objects.bulk_update(batch, fields)

import uuid
from datetime import timedelta

from django.utils import timezone

import pytest

from progress import recording
from progress.exceptions import LessonNotFinished
from progress.models import ExerciseAttempt, LessonProgress, ReviewCard
from tests.factories.accounts import learner

pytestmark = pytest.mark.django_db


def attempt(user, lesson, block_id, score, now=None):
    block_type = "multiple_choice" if block_id == "mc-1" else "minimal_pair"
    return recording.record_attempt(
        learner=user,
        lesson=lesson,
        block_id=block_id,
        block_type=block_type,
        answer={"choices": [0]},
        score=score,
        correct=score == 1,
        now=now,
    )


def test_first_attempt_stores_the_answer_and_starts_the_lesson(lesson):
    user = learner()
    stored = attempt(user, lesson, "mc-1", 0.0)
    assert ExerciseAttempt.objects.get() == stored
    progress = LessonProgress.objects.get(learner=user, lesson_id=lesson.pk)
    assert progress.started_at is not None
    assert progress.completed_at is None
    assert progress.best_score == 0.0


def test_an_answer_given_earlier_offline_leaves_the_last_activity_where_it_was(lesson):
    user, now = learner(), timezone.now()
    attempt(user, lesson, "mc-1", 1.0, now=now)
    attempt(user, lesson, "mp-1", 1.0, now=now - timedelta(hours=3))  # synced late
    progress = LessonProgress.objects.get(learner=user, lesson_id=lesson.pk)
    assert progress.last_activity_at == now


def test_every_attempt_is_kept(lesson):
    user = learner()
    attempt(user, lesson, "mc-1", 0.0)
    attempt(user, lesson, "mc-1", 1.0)
    assert ExerciseAttempt.objects.filter(learner=user).count() == 2


def test_best_score_is_mean_of_best_per_exercise_and_never_drops(lesson):
    user = learner()
    attempt(user, lesson, "mc-1", 1.0)
    attempt(user, lesson, "mp-1", 0.0)
    attempt(user, lesson, "mc-1", 0.0)
    assert LessonProgress.objects.get(learner=user).best_score == 0.5


def test_lesson_completes_when_every_exercise_has_an_attempt(lesson, words):
    user = learner()
    attempt(user, lesson, "mc-1", 0.0)
    assert LessonProgress.objects.get(learner=user).completed_at is None
    assert not ReviewCard.objects.exists()
    attempt(user, lesson, "mp-1", 1.0)
    assert LessonProgress.objects.get(learner=user).completed_at is not None
    cards = ReviewCard.objects.filter(learner=user)
    assert cards.count() == 2 * len(words)
    assert set(cards.values_list("direction", flat=True)) == {"recognition", "production"}


def test_new_cards_are_fsrs_new_cards_due_now(lesson):
    user = learner()
    now = timezone.now()
    attempt(user, lesson, "mc-1", 1.0, now=now)
    attempt(user, lesson, "mp-1", 1.0, now=now)
    for card in ReviewCard.objects.filter(learner=user):
        assert (card.state, card.step, card.stability, card.difficulty) == (1, 0, None, None)
        assert card.due == now
        assert (card.reps, card.lapses, card.last_review) == (0, 0, None)


def test_completing_a_lesson_twice_creates_no_duplicate_cards(lesson, words):
    user = learner()
    attempt(user, lesson, "mc-1", 1.0)
    attempt(user, lesson, "mp-1", 1.0)
    first = LessonProgress.objects.get(learner=user).completed_at
    later = timezone.now() + timedelta(days=3)
    recording.complete_lesson(learner=user, lesson=lesson, now=later)
    recording.complete_lesson(learner=user, lesson=lesson, now=later)
    attempt(user, lesson, "mc-1", 1.0, now=later)
    assert ReviewCard.objects.filter(learner=user).count() == 2 * len(words)
    assert LessonProgress.objects.get(learner=user).completed_at == first


def test_complete_lesson_refuses_a_lesson_with_an_unanswered_exercise(lesson):
    user = learner()
    attempt(user, lesson, "mc-1", 1.0)
    with pytest.raises(LessonNotFinished):
        recording.complete_lesson(learner=user, lesson=lesson)
    assert not ReviewCard.objects.exists()
    assert LessonProgress.objects.get(learner=user).completed_at is None


def test_create_review_cards_only_adds_missing_directions(words):
    user = learner()
    assert recording.create_review_cards(learner=user, items=words[:1]) == 2
    assert recording.create_review_cards(learner=user, items=words) == 4
    assert recording.create_review_cards(learner=user, items=words) == 0
    assert ReviewCard.objects.filter(learner=user).count() == 6


def test_new_cards_are_fsrs_new_cards_due_at_once(words):
    user, now = learner(), timezone.now() - timedelta(days=3)
    recording.create_review_cards(learner=user, items=words[:2], now=now)
    fields = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
    cards = ReviewCard.objects.filter(learner=user).order_by("item_id", "direction")
    expected = (ReviewCard.State.LEARNING, 0, None, None, now, None, 0, 0)
    assert [tuple(getattr(card, name) for name in fields) for card in cards] == [expected] * 4
    assert [(card.item_id, card.direction) for card in cards] == sorted(
        (word.pk, direction) for word in words[:2] for direction in ReviewCard.Direction.values
    )
    assert all(card.created_at > now for card in cards)


def test_one_learners_cards_do_not_stop_anothers(lesson, words):
    first, second = learner(), learner()
    recording.create_review_cards(learner=first, items=words)
    assert recording.create_review_cards(learner=second, items=words) == 2 * len(words)


def test_lesson_score_counts_unanswered_exercises_as_zero():
    assert recording.lesson_score({"a": 1.0}, ["a", "b"]) == 0.5
    assert recording.lesson_score({"a": 1.0, "b": 0.5}, ["a", "b"]) == 0.75


def keyed_attempt(user, lesson, key, score):
    return recording.record_attempt(
        learner=user,
        lesson=lesson,
        block_id="mc-1",
        block_type="multiple_choice",
        answer={"choice": score},
        score=score,
        correct=score == 1,
        idempotency_key=key,
    )


def test_an_idempotency_key_records_an_answer_once_and_returns_the_first(lesson):
    user, key = learner(), uuid.uuid4()
    first = keyed_attempt(user, lesson, key, 0.0)
    again = keyed_attempt(user, lesson, key, 1.0)
    assert again.pk == first.pk
    assert again.score == 0.0
    assert ExerciseAttempt.objects.count() == 1
    assert LessonProgress.objects.get(learner=user).best_score == 0.0


def test_an_idempotency_key_is_the_learners_own(lesson):
    key = uuid.uuid4()
    keyed_attempt(learner(), lesson, key, 0.0)
    keyed_attempt(learner(), lesson, key, 1.0)
    keyed_attempt(learner(), lesson, None, 1.0)
    keyed_attempt(learner(), lesson, None, 1.0)
    assert ExerciseAttempt.objects.count() == 4

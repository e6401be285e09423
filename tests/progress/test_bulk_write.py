"""Logs and card states written in bulk read back as the ORM would have written them
(COPY and UPDATE ... FROM (VALUES ...) on PostgreSQL, executemany on SQLite)."""

from datetime import UTC, datetime, timedelta

import pytest

from progress import bulk_write
from progress.memory import CardMemory
from progress.models import ReviewCard, ReviewLog
from progress.scheduler import MemoryState, State
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 1, 9, 30, 15, 123000, tzinfo=UTC)


def test_inserted_logs_read_back_with_every_field():
    card = ReviewCardFactory()
    rows = [
        (card.learner_id, card.pk, 3, NOW, 4200, "anki", "anki:1:2"),
        (card.learner_id, card.pk, 1, NOW + timedelta(days=2), None, "anki", "anki:3:2"),
    ]
    bulk_write.insert_logs(rows, created_at=NOW)
    fields = ("learner_id", "card_id", "rating", "reviewed_at", "duration_ms", "source")
    stored = ReviewLog.objects.order_by("reviewed_at").values_list(*fields, "external_id")
    assert list(stored) == rows
    assert set(ReviewLog.objects.values_list("created_at", flat=True)) == {NOW}
    assert bulk_write.histories_of([card.pk]) == {card.pk: [(3, NOW), (1, rows[1][3])]}


def test_card_states_are_stored_including_empty_ones():
    learning, review = ReviewCardFactory(), ReviewCardFactory()
    memories = {
        learning.pk: CardMemory(MemoryState(State.Learning, 1, 2.5, 5.0, NOW, NOW, 1)),
        review.pk: CardMemory(
            MemoryState(State.Review, None, 30.25, 7.5, NOW + timedelta(days=30), NOW, 9), 2
        ),
    }
    bulk_write.update_cards(memories)
    for card in ReviewCard.objects.filter(pk__in=memories):
        state = memories[card.pk].state
        stored = (card.state, card.step, card.stability, card.difficulty, card.due)
        assert stored == (state.state, state.step, state.stability, state.difficulty, state.due)
        assert (card.last_review, card.reps, card.lapses) == (
            NOW,
            state.reps,
            memories[card.pk].lapses,
        )


def test_a_batch_whose_column_is_all_empty_is_stored():
    card = ReviewCardFactory(step=0, stability=1.0, difficulty=5.0)
    bulk_write.update_cards(
        {card.pk: CardMemory(MemoryState(State.Learning, None, None, None, NOW))}
    )
    card.refresh_from_db()
    assert (card.step, card.stability, card.difficulty, card.last_review) == (
        None,
        None,
        None,
        None,
    )

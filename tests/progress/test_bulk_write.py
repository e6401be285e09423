"""Logs and card states written in bulk read back as the ORM would have written them
(COPY and UPDATE ... FROM a COPYed temporary table on PostgreSQL, executemany on SQLite)."""

from datetime import UTC, datetime, timedelta

from django.db import DatabaseError, connection, transaction

import psycopg
import pytest

from progress import bulk_write
from progress.memory import CardMemory
from progress.models import ReviewCard, ReviewLog
from progress.scheduler import MemoryState, State
from tests.factories.progress import ReviewCardFactory

pytestmark = pytest.mark.django_db
# The COPY runs on psycopg's cursor, whose errors are not Django's.
DatabaseErrors = (DatabaseError, psycopg.Error)
NOW = datetime(2026, 3, 1, 9, 30, 15, 123000, tzinfo=UTC)


def test_inserted_logs_read_back_with_every_field():
    card = ReviewCardFactory()
    rows = [
        (card.learner_id, card.pk, 3, NOW, 4200, "anki", "anki:1:2"),
        (card.learner_id, card.pk, 1, NOW + timedelta(days=2), None, "anki", "anki:3:2"),
    ]
    with bulk_write.logs_inserted(created_at=NOW) as send:
        send(rows)
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


def _log(card, ident: str, card_id: int | None = None) -> tuple:
    return (card.learner_id, card_id or card.pk, 2, NOW, 1000, "anki", ident)


def test_logs_sent_in_batches_while_the_block_runs_are_all_there_after():
    card, ran = ReviewCardFactory(), []
    with bulk_write.logs_inserted(created_at=NOW) as send:
        send([_log(card, "anki:1:2"), _log(card, "anki:3:2")])
        ran.append(True)
        send([])
        send([_log(card, "anki:5:2")])
    assert ran == [True]
    assert sorted(ReviewLog.objects.values_list("external_id", flat=True)) == [
        "anki:1:2",
        "anki:3:2",
        "anki:5:2",
    ]


def test_an_error_in_the_block_ends_the_copy_and_is_raised():
    card = ReviewCardFactory()
    with pytest.raises(ZeroDivisionError), bulk_write.logs_inserted(created_at=NOW) as send:
        send([_log(card, "anki:1:2")])
        1 / 0  # noqa: B018


def test_a_log_the_database_refuses_fails_the_insert():
    """A second log with one external id: the COPY's error is raised on leaving."""
    card = ReviewCardFactory()
    with (
        pytest.raises(DatabaseErrors),
        transaction.atomic(),
        bulk_write.logs_inserted(created_at=NOW) as send,
    ):
        send([_log(card, "anki:1:2"), _log(card, "anki:1:2")])
    assert not ReviewLog.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL): only its triggers check a log's card",
)
def test_a_log_of_a_card_that_does_not_exist_is_refused_when_the_copy_ends():
    card = ReviewCardFactory()
    with pytest.raises(DatabaseErrors), transaction.atomic():
        with bulk_write.logs_inserted(created_at=NOW) as send:
            send([_log(card, "anki:1:2", card_id=card.pk + 1000)])
        pytest.fail("the card was not checked as the COPY ended")
    assert not ReviewLog.objects.exists()

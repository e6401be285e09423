"""Writing many review logs and card states at once, without a model object per row.

An Anki import writes a learner's whole history: building a ReviewLog per
answer and letting the ORM compile its INSERT and its CASE-per-row UPDATE cost
more than the database's own work. On PostgreSQL the logs go in by COPY
(psycopg's `cursor.copy`) and the cards change in one UPDATE ... FROM (VALUES
...) per UPDATE_BATCH cards; on SQLite (tests, development) plain executemany
statements give the same rows. The caller holds the transaction and the
cards' locks, and passes only logs not recorded yet. Table and column names
come from the models' own metadata; every value is a parameter.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import connection

from .memory import CardMemory
from .models import ReviewCard, ReviewLog
from .scheduler import Review

LOG_FIELDS = ("learner", "card", "rating", "reviewed_at", "duration_ms", "source", "external_id")
CARD_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
UPDATE_BATCH = 5000
READ_BATCH = 900  # under SQLite's oldest limit on bound variables


def insert_logs(rows: Iterable[tuple], *, created_at) -> None:
    """Insert logs given as tuples in LOG_FIELDS order, all created at `created_at`."""
    columns = _columns(ReviewLog, (*LOG_FIELDS, "created_at"))
    table = connection.ops.quote_name(ReviewLog._meta.db_table)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608 - model names only
            ) as copy,
        ):
            for row in rows:
                copy.write_row((*row, created_at))
        return
    adapt = connection.ops.adapt_datetimefield_value
    values = [(*row[:3], adapt(row[3]), *row[4:], adapt(created_at)) for row in rows]
    marks = ", ".join(["%s"] * (len(LOG_FIELDS) + 1))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608


def update_cards(memories: Mapping[int, CardMemory]) -> None:
    """Store each card's replayed memory on its row."""
    rows = [_card_row(card_id, memory) for card_id, memory in memories.items()]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(_update_one_sql(), [(*row[1:], row[0]) for row in rows])
            return
        for start in range(0, len(rows), UPDATE_BATCH):
            batch = rows[start : start + UPDATE_BATCH]
            cursor.execute(_update_many_sql(len(batch)), [value for row in batch for value in row])


def histories_of(card_ids: Iterable[int]) -> dict[int, list[Review]]:
    """The stored logs of these cards, as the replay reads them."""
    ids, histories = sorted(card_ids), defaultdict(list)
    for start in range(0, len(ids), READ_BATCH):
        logs = ReviewLog.objects.filter(card_id__in=ids[start : start + READ_BATCH])
        for card_id, rating, moment in logs.values_list("card_id", "rating", "reviewed_at"):
            histories[card_id].append(Review(rating, moment))
    return histories


def _card_row(card_id: int, memory: CardMemory) -> tuple:
    state, adapt = memory.state, connection.ops.adapt_datetimefield_value
    return (
        card_id,
        int(state.state),
        state.step,
        state.stability,
        state.difficulty,
        adapt(state.due),
        adapt(state.last_review),
        state.reps,
        memory.lapses,
    )


def _columns(model, names) -> str:
    fields = (model._meta.get_field(name) for name in names)
    return ", ".join(connection.ops.quote_name(field.column) for field in fields)


def _types(model, names) -> list[str]:
    """The columns' PostgreSQL types, which a binary COPY must be told."""
    return [model._meta.get_field(name).cast_db_type(connection) for name in names]


def _update_one_sql() -> str:
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(name)} = %s" for name in CARD_FIELDS)
    meta = ReviewCard._meta
    return f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608


def _update_many_sql(count: int) -> str:
    """UPDATE ... FROM (VALUES ...): every placeholder cast to its column's type, since
    a column of NULLs in VALUES would otherwise be text."""
    meta, quote = ReviewCard._meta, connection.ops.quote_name
    fields = [meta.pk, *(meta.get_field(name) for name in CARD_FIELDS)]
    row = "(" + ", ".join(f"%s::{field.cast_db_type(connection)}" for field in fields) + ")"
    names = ", ".join(quote(field.column) for field in fields)
    assignments = ", ".join(f"{quote(name)} = v.{quote(name)}" for name in CARD_FIELDS)
    pk = quote(meta.pk.column)
    return (
        f"UPDATE {quote(meta.db_table)} AS c SET {assignments} "  # noqa: S608
        f"FROM (VALUES {', '.join([row] * count)}) AS v ({names}) WHERE c.{pk} = v.{pk}"
    )

"""Writing many review logs and card states at once, without a model object per row.

An Anki import writes a learner's whole history: building a ReviewLog per
answer and letting the ORM compile its INSERT and its CASE-per-row UPDATE cost
more than the database's own work. On PostgreSQL the logs go in by COPY
(psycopg's `cursor.copy`, binary) from a thread, so that the server stores and
checks them while the import makes the rest and replays the cards, and the cards
change in one UPDATE ... FROM a temporary table filled by COPY; on SQLite (tests,
development) plain executemany statements give the same rows. The caller holds the
transaction and the cards' locks, and passes only logs not recorded yet. Table and
column names come from the models' own metadata; every value is a parameter.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from itertools import chain
from queue import SimpleQueue

from django.db import connection

from .memory import CardMemory
from .models import ReviewCard, ReviewLog

LOG_FIELDS = ("learner", "card", "rating", "reviewed_at", "duration_ms", "source", "external_id")
CARD_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
READ_BATCH = 900  # under SQLite's oldest limit on bound variables
MEMORIES = "replayed_memory"  # the temporary table of update_cards on PostgreSQL


@contextmanager
def logs_inserted(*, created_at) -> Iterator[Callable[[list[tuple]], None]]:
    """Insert logs, all created at `created_at`: the block is given `send`, which takes
    a batch of logs as tuples in LOG_FIELDS order, and must not use the connection.

    On PostgreSQL one COPY runs in a thread of its own on the connection's psycopg
    cursor and takes each batch as it is sent, so the server stores, indexes and
    checks the logs (that each names a card, once for the whole COPY: migration 0015)
    while the block goes on computing. Leaving ends the COPY, waits for it, and
    raises its error if it failed."""
    names = (*LOG_FIELDS, "created_at")
    columns = _columns(ReviewLog, names)
    table = connection.ops.quote_name(ReviewLog._meta.db_table)
    if connection.vendor != "postgresql":
        yield partial(_insert_each, f"INSERT INTO {table} ({columns})", created_at=created_at)  # noqa: S608
        return
    sql = f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)"  # noqa: S608 - model names
    batches = SimpleQueue()
    rows = chain.from_iterable(iter(batches.get, None))
    with connection.cursor() as cursor, ThreadPoolExecutor(max_workers=1) as pool:
        copying = pool.submit(_copy, cursor.cursor, sql, _types(ReviewLog, names), rows, created_at)
        try:
            yield batches.put
        finally:
            batches.put(None)  # the last batch: the COPY ends even if the block failed
            copying.result()


def _insert_each(insert: str, rows: Iterable[tuple], *, created_at) -> None:
    """SQLite: one executemany of plain INSERTs."""
    adapt = connection.ops.adapt_datetimefield_value
    values = [(*row[:3], adapt(row[3]), *row[4:], adapt(created_at)) for row in rows]
    marks = ", ".join(["%s"] * (len(LOG_FIELDS) + 1))
    with connection.cursor() as cursor:
        cursor.executemany(f"{insert} VALUES ({marks})", values)


def _copy(cursor, sql: str, types: list[str], rows: Iterable[tuple], created_at) -> None:
    with cursor.copy(sql) as copy:
        copy.set_types(types)
        for row in rows:
            copy.write_row((*row, created_at))


def insert_cards(template: ReviewCard, pairs: Sequence[tuple[int, str]]) -> None:
    """A card for each (item id, direction), every other column as `template` has it;
    a pair the learner already has (made meanwhile by another request) is left alone.
    One statement on PostgreSQL, the pairs sent as two arrays."""
    if not pairs:
        return
    meta, quote = ReviewCard._meta, connection.ops.quote_name
    keys = [meta.get_field("item"), meta.get_field("direction")]
    rest = [field for field in meta.concrete_fields if field is not meta.pk and field not in keys]
    values = [
        field.get_db_prep_save(field.pre_save(template, add=True), connection) for field in rest
    ]
    columns = ", ".join(quote(field.column) for field in (*keys, *rest))
    insert, marks = f"INSERT INTO {quote(meta.db_table)} ({columns})", ", ".join(["%s"] * len(rest))
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            rows = [(item, direction, *values) for item, direction in pairs]
            cursor.executemany(f"{insert} VALUES (%s, %s, {marks}) ON CONFLICT DO NOTHING", rows)
            return
        items, directions = [item for item, _ in pairs], [direction for _, direction in pairs]
        cursor.execute(
            f"{insert} SELECT pair.item, pair.direction, {marks} "  # noqa: S608 - model names
            "FROM unnest(%s::bigint[], %s::text[]) AS pair (item, direction) "
            "ON CONFLICT DO NOTHING",
            [*values, items, directions],
        )


def update_cards(memories: Mapping[int, CardMemory]) -> None:
    """Store each card's replayed memory on its row."""
    rows = [_card_row(card_id, memory) for card_id, memory in memories.items()]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(_update_one_sql(), [(*row[1:], row[0]) for row in rows])
            return
        _update_from_copy(cursor, rows)


def _update_from_copy(cursor, rows: list[tuple]) -> None:
    """PostgreSQL: the rows COPYed into a temporary table, then one UPDATE ... FROM it.
    (A VALUES list would need nine placeholders a card, which psycopg parses one by one.)"""
    meta, quote = ReviewCard._meta, connection.ops.quote_name
    fields = [meta.pk, *(meta.get_field(name) for name in CARD_FIELDS)]
    types = [field.cast_db_type(connection) for field in fields]
    columns = ", ".join(
        f"{quote(field.column)} {kind}" for field, kind in zip(fields, types, strict=True)
    )
    cursor.execute(f"CREATE TEMPORARY TABLE {MEMORIES} ({columns}) ON COMMIT DROP")
    with cursor.copy(f"COPY {MEMORIES} FROM STDIN (FORMAT BINARY)") as copy:  # noqa: S608
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)
    assignments = ", ".join(f"{quote(name)} = v.{quote(name)}" for name in CARD_FIELDS)
    pk = quote(meta.pk.column)
    cursor.execute(
        f"UPDATE {quote(meta.db_table)} AS c SET {assignments} "  # noqa: S608
        f"FROM {MEMORIES} AS v WHERE c.{pk} = v.{pk}"
    )
    cursor.execute(f"DROP TABLE {MEMORIES}")


def histories_of(card_ids: Iterable[int]) -> dict[int, list[tuple]]:
    """The stored logs of these cards as (rating, moment) pairs, as the replay reads them."""
    ids, histories = sorted(card_ids), defaultdict(list)
    for start in range(0, len(ids), READ_BATCH):
        logs = ReviewLog.objects.filter(card_id__in=ids[start : start + READ_BATCH])
        for card_id, rating, moment in logs.values_list("card_id", "rating", "reviewed_at"):
            histories[card_id].append((rating, moment))
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
    """The columns' PostgreSQL types, which a binary COPY must be told: by name
    without a length (psycopg knows "varchar", not "varchar(64)")."""
    fields = (model._meta.get_field(name) for name in names)
    return [field.cast_db_type(connection).partition("(")[0] for field in fields]


def _update_one_sql() -> str:
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(name)} = %s" for name in CARD_FIELDS)
    meta = ReviewCard._meta
    return f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608

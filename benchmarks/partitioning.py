"""20,000,000 review logs on today's tables against a copy partitioned by hash of
learner (PostgreSQL's native partitioning, built here only), on PostgreSQL.

The data (benchmarks/partitioned_schema.py) is made in SQL on a throwaway database
built by migrations: 20,000 learners × 110 cards (55 words, both directions), 100 of
them answered 10 times each: 1,000 answers a learner, about a year of a card's life
at FSRS's growing intervals. Then the copy, 16 hash partitions of each of the card
and log tables, with the real tables' columns, indexes and foreign keys, filled by
INSERT … SELECT. Both layouts are vacuumed and analyzed before the clock starts.

Measured, the sides interleaved trial by trial, each ratio taken within its trial,
on the same random learners (and cards) for every side of a trial:

- the review path, through a bare psycopg connection with prepared statements:
  lock the card with its learner's settings, insert the log and update the card
  (one statement), commit; `progress.answering`'s own statements on today's tables,
  and the same statements with the learner's key added to each card lookup (which
  a partitioned table needs to find a card's partition) on both layouts, and
  on the copy without it;
- the due queue for one learner: `progress.queue_query`'s statement on each layout,
  and on the copy with the learner's key added to its probe of a card's first answer;
- a tutor-dashboard-like read: a class of 50 learners' answers in the last 30 days.

Runs in a child process; the database is dropped at the end.
"""

import json
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

from . import partitioned_schema as schema
from .report import database_label, interleaved

LEARNERS = 20_000
WORDS = 55
ANSWERED_WORDS = 50
LOGS_PER_CARD = 10
BENCH_DATABASE = "saebom_bench_partitioning"
NOW = datetime(2026, 11, 2, 11, 0, tzinfo=UTC)
TRIALS = 7
PER_TRIAL = 60  # learners per trial: one review answer and one queue each, per side
CLASS = 50
CLASSES_PER_TRIAL = 10
SLOW_PER_TRIAL = 10  # the copy looked up by card id alone is slow: fewer answers
# What the review log's columns are, in the order answering.py's insert takes them.
LOG_COLUMNS = (
    "learner_id",
    "card_id",
    "rating",
    "reviewed_at",
    "duration_ms",
    "source",
    "external_id",
    "created_at",
)
DASHBOARD_SQL = """
SELECT learner_id, count(*), count(*) FILTER (WHERE rating = 1), max(reviewed_at)
FROM progress_reviewlog WHERE learner_id = ANY(%(learners)s) AND reviewed_at >= %(since)s
GROUP BY learner_id
"""


def once(sql: str, old: str, new: str) -> str:
    """`sql` with its one `old` replaced: a statement that changed shape fails here."""
    assert sql.count(old) == 1, f"{old!r} is not in the statement once"
    return sql.replace(old, new)


def on_copy(sql: str) -> str:
    for table, copy in schema.COPIES.items():
        sql = sql.replace(table, copy)
    return sql


def answer_statements() -> dict[str, tuple[str, str, bool]]:
    """Each review-path side: (lock, insert and update, keyed by learner)."""
    from progress.answering import statements

    sql = statements("postgresql")
    assert tuple(field.column for field in sql.log_fields) == LOG_COLUMNS
    card = '"progress_reviewcard"'
    lock = once(sql.lock, 'WHERE c."id" = %s', 'WHERE c."learner_id" = %s AND c."id" = %s')
    write = once(
        sql.insert_and_update,
        f'WHERE {card}."id" = %s',
        f'WHERE {card}."learner_id" = %s AND {card}."id" = %s',
    )
    return {
        "plain": (sql.lock, sql.insert_and_update, False),
        "plain, keyed": (lock, write, True),
        "partitioned, keyed": (on_copy(lock), on_copy(write), True),
        "partitioned, by card id": (on_copy(sql.lock), on_copy(sql.insert_and_update), False),
    }


def queue_statements() -> dict[str, str]:
    from progress.queue_query import STATEMENTS

    sql = STATEMENTS["postgresql"]
    probe = "WHERE e.card_id = c.id"
    keyed = once(sql, probe, f"WHERE e.learner_id = %(learner)s AND {probe[6:]}")
    return {"plain": sql, "partitioned": on_copy(sql), "partitioned, keyed": on_copy(keyed)}


def timed(cursor, statements: list[str], params: dict | None = None) -> float:
    began = time.perf_counter()
    for sql in statements:
        cursor.execute(sql, params)
    return time.perf_counter() - began


def load(cursor) -> dict[str, float]:
    """Today's tables filled, then the partitioned copy made and filled; seconds each."""
    from lessons.models import VocabularyItem

    VocabularyItem.objects.bulk_create(
        VocabularyItem(
            headword=f"word {n}",
            part_of_speech="noun",
            cefr_level="A1",
            gloss_nk="낱말",
            gloss_sk="단어",
        )
        for n in range(WORDS)
    )
    params = {"now": NOW, "learners": LEARNERS, "answered": ANSWERED_WORDS, "logs": LOGS_PER_CARD}
    cursor.execute("SET session_replication_role = replica")  # no FK checks, either layout
    seconds = {
        "learners and cards": timed(
            cursor, [schema.USERS_SQL, schema.PROFILES_SQL, schema.CARDS_SQL], params
        ),
        "logs": timed(cursor, [schema.LOGS_SQL], params),
    }
    made = [sql for table in schema.COPIES for sql in schema.copy_statements(cursor, table)]
    seconds["copy: tables, indexes, keys"] = timed(cursor, made)
    filled = [sql for table in schema.COPIES for sql in schema.fill_statements(table)]
    seconds["copy: filled"] = timed(cursor, filled)
    cursor.execute("SET session_replication_role = DEFAULT")
    return seconds


def vacuumed(cursor) -> dict[str, float]:
    """VACUUM (ANALYZE) after the load: the plain log table whole, and the copy's log
    partitions one by one (the longest, and all of them)."""
    cursor.execute("VACUUM (ANALYZE) progress_reviewcard")
    plain = timed(cursor, ["VACUUM (ANALYZE) progress_reviewlog"])
    copy = schema.COPIES["progress_reviewlog"]
    cursor.execute(f"VACUUM (ANALYZE) {schema.COPIES['progress_reviewcard']}")
    parts = [timed(cursor, [f"VACUUM (ANALYZE) {copy}_{n}"]) for n in range(schema.PARTITIONS)]
    cursor.execute(f"ANALYZE {copy}")
    return {"plain": plain, "partition, longest": max(parts), "partitions, all": sum(parts)}


# A table's pieces: its partitions, or the table itself when it has none.
PIECES = """
SELECT relid FROM pg_partition_tree(%(name)s) WHERE isleaf
UNION ALL SELECT %(name)s::regclass WHERE NOT EXISTS (SELECT FROM pg_partition_tree(%(name)s))
"""
SIZES_SQL = f"""
SELECT sum(pg_table_size(relid)), sum(pg_indexes_size(relid)),
       max(pg_total_relation_size(relid)),
       (SELECT max(pg_relation_size(indexrelid)) FROM pg_index WHERE indrelid IN ({PIECES}))
FROM ({PIECES}) AS pieces
"""


def sizes(cursor) -> dict[str, dict[str, int]]:
    """Bytes of heap and of indexes per table and layout, the largest piece (a table,
    or one partition) and the largest single index."""
    found = {}
    for table, copy in schema.COPIES.items():
        for layout, name in (("plain", table), ("partitioned", copy)):
            cursor.execute(SIZES_SQL, {"name": name})
            heap, indexes, piece, index = cursor.fetchone()
            found[f"{table} {layout}"] = {
                "heap": int(heap),
                "indexes": int(indexes),
                "piece": int(piece),
                "index": int(index),
            }
    cursor.execute("SELECT count(*) FROM progress_reviewlog")
    found["logs"] = cursor.fetchone()[0]
    return found


def raw_cursor():
    """A server-binding psycopg cursor on Django's connection, preparing when asked
    (as progress.prepared's cursor does), with none of Django's wrapping."""
    from django.db import connection

    import psycopg

    from progress.prepared import ONLY_WHEN_ASKED

    connection.ensure_connection()
    connection.connection.prepare_threshold = ONLY_WHEN_ASKED
    return psycopg.Cursor(connection.connection)


def answer(cursor, statements: tuple, learner: int, card: int) -> float:
    """One answer as record_review makes it: lock, insert and update, commit; seconds."""
    lock, write, keyed = statements
    key = [learner] if keyed else []
    began = time.perf_counter()
    with cursor.connection.transaction():
        cursor.execute(lock, [*key, card], prepare=True)
        _, _, _, stability, difficulty, _, _, reps, lapses, *_ = cursor.fetchone()
        log = [learner, card, 3, NOW, 3000, "web", f"web-{uuid.uuid4()}", NOW]
        memory = [
            2,
            None,
            (stability or 1.0) * 2,
            difficulty or 5.0,
            NOW + timedelta(days=3),
            NOW,
            reps + 1,
            lapses,
        ]
        cursor.execute(write, [*log, *memory, *key, card], prepare=True)
        assert cursor.fetchone() is not None
    return time.perf_counter() - began


def queue(cursor, sql: str, learner: int) -> float:
    from accounts import clock
    from progress import queue as rules
    from progress.models import ReviewCard

    params = {
        "learner": learner,
        "fallback": clock.FALLBACK_ZONE,
        "rollover": clock.ROLLOVER_HOUR,
        "now": NOW,
        "ahead": NOW + rules.LEARN_AHEAD,
        "limit": rules.NEW_CARDS_PER_DAY,
        "window": rules.QUEUE_WINDOW,
        "review": ReviewCard.State.REVIEW,
    }
    began = time.perf_counter()
    cursor.execute(sql, params, prepare=True)
    assert cursor.fetchall()
    return time.perf_counter() - began


def dashboard(cursor, sql: str, learners: list[int]) -> float:
    began = time.perf_counter()
    cursor.execute(sql, {"learners": learners, "since": NOW - timedelta(days=30)}, prepare=True)
    assert len(cursor.fetchall()) == len(learners)
    return time.perf_counter() - began


def picks(cursor, trial: int, sides: list[str]) -> dict:
    """A trial's random learners, and for each review side its own answered card of
    each (the copy holds the same ids), so that no side finds a row another just wrote."""
    rng = random.Random(trial)
    cursor.execute("SELECT min(id), max(id) FROM auth_user WHERE username LIKE 'bench%%'")
    low, high = cursor.fetchone()
    learners = rng.sample(range(low, high + 1), PER_TRIAL)
    cursor.execute(
        "SELECT learner_id, array_agg(id) FROM progress_reviewcard "
        "WHERE learner_id = ANY(%s) AND reps > 0 GROUP BY learner_id",
        [learners],
    )
    cards = {learner: rng.sample(ids, len(sides)) for learner, ids in cursor.fetchall()}
    answers = {
        side: [(learner, cards[learner][n]) for learner in learners] for n, side in enumerate(sides)
    }
    answers["partitioned, by card id"] = answers["partitioned, by card id"][:SLOW_PER_TRIAL]
    classes = [rng.sample(range(low, high + 1), CLASS) for _ in range(CLASSES_PER_TRIAL)]
    return {"answers": answers, "learners": learners, "classes": classes}


def per_op(run_one, items: list) -> float:
    return sum(run_one(item) for item in items) / len(items)


def trial(cursor, chosen: dict) -> dict[str, dict[str, float]]:
    """One trial of each measurement, the sides of each interleaved (their order
    turning with the trial), seconds per operation."""
    writes, reads = answer_statements(), queue_statements()
    tables = {"plain": DASHBOARD_SQL, "partitioned": on_copy(DASHBOARD_SQL)}
    turn = chosen["turn"]

    def each(sides: dict, run_side) -> dict[str, float]:
        names = list(sides)[turn % len(sides) :] + list(sides)[: turn % len(sides)]
        return interleaved(run_side, names, 1)[0]

    return {
        "answer": each(
            writes,
            lambda side: per_op(
                lambda pick: answer(cursor, writes[side], *pick), chosen["answers"][side]
            ),
        ),
        "queue": each(
            reads,
            lambda side: per_op(
                lambda learner: queue(cursor, reads[side], learner), chosen["learners"]
            ),
        ),
        "dashboard": each(
            tables,
            lambda side: per_op(
                lambda learners: dashboard(cursor, tables[side], learners), chosen["classes"]
            ),
        ),
    }


def measure() -> dict:
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = BENCH_DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        with connection.cursor() as cursor:
            loaded = load(cursor)
            vacuum = vacuumed(cursor)
            found = sizes(cursor)
            cursor.execute("SHOW shared_buffers")
            buffers = cursor.fetchone()[0]
            chosen = [picks(cursor, n, list(answer_statements())) for n in range(TRIALS + 1)]
        raw = raw_cursor()
        results = [trial(raw, {**pick, "turn": n}) for n, pick in enumerate(chosen)][1:]
        return {
            "load": loaded,
            "vacuum": vacuum,
            "sizes": found,
            "trials": results,
            "shared_buffers": buffers,
            "database": database_label(connection),
        }
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    print(json.dumps(measure()))

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
from datetime import timedelta
from statistics import median

from . import partitioned_schema as schema
from .partitioned_schema import ANSWERED_WORDS, LEARNERS, LOGS_PER_CARD, NOW, WORDS
from .report import DEFAULT_POSTGRES, Section, database_label, in_child, interleaved, spread

BENCH_DATABASE = "saebom_bench_partitioning"
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


def turned(run_side, sides: list[str], turn: int) -> dict[str, float]:
    """One trial of `interleaved`, its first side turning with the trial's number."""
    start = turn % len(sides)
    return interleaved(run_side, sides[start:] + sides[:start], 1)[0]


def trial(cursor, chosen: dict) -> dict[str, dict[str, float]]:
    """One trial of each measurement, its sides interleaved; seconds per operation."""
    writes, reads = answer_statements(), queue_statements()
    tables = {"plain": DASHBOARD_SQL, "partitioned": on_copy(DASHBOARD_SQL)}

    def answers(side: str) -> float:
        return per_op(lambda pick: answer(cursor, writes[side], *pick), chosen["answers"][side])

    def queues(side: str) -> float:
        return per_op(lambda learner: queue(cursor, reads[side], learner), chosen["learners"])

    def reads_of_classes(side: str) -> float:
        return per_op(lambda group: dashboard(cursor, tables[side], group), chosen["classes"])

    return {
        "answer": turned(answers, list(writes), chosen["turn"]),
        "queue": turned(queues, list(reads), chosen["turn"]),
        "dashboard": turned(reads_of_classes, list(tables), chosen["turn"]),
    }


def measure() -> dict:
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = BENCH_DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        with connection.cursor() as cursor:
            loaded = schema.load(cursor)
            vacuum = schema.vacuumed(cursor)
            found = schema.sizes(cursor)
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


TITLE = f"Partitioning by learner ({LEARNERS * ANSWERED_WORDS * 2 * LOGS_PER_CARD:,} review logs)"
# Each measurement's lines: (measurement, side, what the side runs); the first is the reference.
LINES = [
    ("answer", "plain", "review answer: `progress.answering`'s statements, today's tables"),
    ("answer", "plain, keyed", "review answer: the same, learner's key in the card lookups"),
    ("answer", "partitioned, keyed", "review answer: keyed statements, partitioned copy"),
    ("answer", "partitioned, by card id", "review answer: unkeyed statements, partitioned copy"),
    ("queue", "plain", "due queue: `progress.queue_query`'s statement, today's tables"),
    ("queue", "partitioned", "due queue: the same statement, partitioned copy"),
    ("queue", "partitioned, keyed", "due queue: learner's key in the first-answer probe, copy"),
    ("dashboard", "plain", f"a class's answers in 30 days ({CLASS} learners), today's tables"),
    ("dashboard", "partitioned", f"a class's answers in 30 days ({CLASS} learners), copy"),
]


def rows(trials: list[dict]) -> list[list[str]]:
    """ms per operation (median of the trials) and the ratio to the measurement's first
    side, taken within each trial."""
    found = []
    for kind, side, label in LINES:
        reference = next(name for measured, name, _ in LINES if measured == kind)
        seconds = [result[kind][side] for result in trials]
        ratios = [result[kind][side] / result[kind][reference] for result in trials]
        found.append([label, f"{median(seconds) * 1000:.2f} ms", spread(ratios)])
    return found


def mib(count: int) -> str:
    return f"{count / 2**20:,.0f} MiB"


def size_rows(sizes: dict) -> list[str]:
    """One sentence per table: heap, indexes, the largest piece and single index."""
    lines = []
    for table in schema.COPIES:
        plain, copy = sizes[f"{table} plain"], sizes[f"{table} partitioned"]
        lines.append(
            f"`{table}`: heap {mib(plain['heap'])} + indexes {mib(plain['indexes'])} "
            f"(largest index {mib(plain['index'])}); partitioned, heap {mib(copy['heap'])} "
            f"+ indexes {mib(copy['indexes'])}, largest partition {mib(copy['piece'])} "
            f"with indexes (largest index {mib(copy['index'])})."
        )
    return lines


def summary(result: dict) -> str:
    load, vacuum, sizes = result["load"], result["vacuum"], result["sizes"]
    logs = sizes["logs"]
    per_row = sum(sizes["progress_reviewlog plain"][part] for part in ("heap", "indexes")) / logs
    return " ".join(
        [
            f"{LEARNERS:,} learners × {WORDS * 2} cards, {ANSWERED_WORDS * 2} of them answered "
            f"{LOGS_PER_CARD} times: {logs:,} review logs, made in SQL on a database built by "
            f"migrations. Load: learners and cards {load['learners and cards']:.0f} s, logs "
            f"{load['logs']:.0f} s; the copy ({schema.PARTITIONS} hash partitions of each table, "
            f"indexes and foreign keys from the catalog) made in "
            f"{load['copy: tables, indexes, keys']:.1f} s and filled in "
            f"{load['copy: filled']:.0f} s.",
            *size_rows(sizes),
            f"A review log row costs {per_row:.0f} bytes with its indexes.",
            f"VACUUM (ANALYZE) after the load: the log table {vacuum['plain']:.1f} s whole; its "
            f"partitions {vacuum['partitions, all']:.1f} s in all, the longest "
            f"{vacuum['partition, longest']:.1f} s.",
            f"{TRIALS} trials after one warm-up trial, each on {PER_TRIAL} random learners "
            f"({SLOW_PER_TRIAL} for the unkeyed copy), a card of its own per side, "
            f"{CLASSES_PER_TRIAL} classes of {CLASS}; warm cache (shared_buffers "
            f"{result['shared_buffers']}, the rest in the OS page cache); each answer committed "
            "durably; the sides interleaved, ratios within each trial (median, lowest–highest).",
        ]
    )


def run(args) -> Section:
    if not reachable():
        return Section(title=TITLE, summary="Not run: no PostgreSQL answered.", header=[])
    return section(in_child("benchmarks.partitioning", postgres=True))


def section(result: dict) -> Section:
    return Section(
        title=TITLE,
        database=result["database"],
        summary=summary(result),
        header=["operation", "ms per operation", "vs the first of its kind"],
        rows=rows(result["trials"]),
        notes=reading(result),
    )


def reachable() -> bool:
    """Whether the PostgreSQL server the child would use answers (its maintenance
    database: the benchmark makes a database of its own)."""
    import os

    import psycopg
    from psycopg.conninfo import make_conninfo

    url = os.environ.get("DATABASE_URL", "")
    server = make_conninfo(
        url if url.startswith("postgres") else DEFAULT_POSTGRES, dbname="postgres"
    )
    try:
        psycopg.connect(server, connect_timeout=5).close()
    except psycopg.OperationalError:
        return False
    return True


def ratio(trials: list[dict], kind: str, side: str, reference: str) -> float:
    return median(result[kind][side] / result[kind][reference] for result in trials)


def reading(result: dict) -> str:
    """What the table says, its figures taken from this run."""
    trials, sizes, vacuum = result["trials"], result["sizes"], result["vacuum"]
    plain, copy = sizes["progress_reviewlog plain"], sizes["progress_reviewlog partitioned"]
    return (
        "Keyed statements name the learner beside the card's id, as a partitioned table "
        "needs to open one partition; on today's tables the key changes nothing "
        f"({ratio(trials, 'answer', 'plain, keyed', 'plain'):.2f}×). On the copy, the review "
        f"answer takes {ratio(trials, 'answer', 'partitioned, keyed', 'plain'):.2f}× and the "
        f"queue {ratio(trials, 'queue', 'partitioned, keyed', 'plain'):.2f}× (keyed) today's "
        "time: every mention of a partitioned table in a statement is planned, locked and "
        "pruned across its partitions, more work than the one index descent it saves. "
        "Unkeyed, the copy searches every partition for a card "
        f"({ratio(trials, 'answer', 'partitioned, by card id', 'plain'):.0f}×). A class's "
        "read probes all its learners' keys in every partition holding any of them "
        f"({ratio(trials, 'dashboard', 'partitioned', 'plain'):.1f}×). What the copy buys "
        f"is size per piece: its largest log partition is {mib(copy['piece'])} against "
        f"{mib(plain['piece'])} for the whole table, its largest log index "
        f"{mib(copy['index'])} against {mib(plain['index'])}, and vacuuming one partition "
        f"{vacuum['partition, longest']:.1f} s against {vacuum['plain']:.1f} s for the whole."
    )


if __name__ == "__main__":
    print(json.dumps(measure()))

"""The database's part of an Anki import alone: the floor under Saebom's full import.

Before the clock starts, the package is read and every answer turned into the row
it becomes (card, rating, moment, duration, source, external id). Timed, in one
transaction on the database `anki_import.build_database` left: the learner's
2,000 cards inserted by one statement that returns their ids, the 100,000 logs
COPYed in binary with those ids, every card's memory COPYed into a temporary table
and set by one UPDATE … FROM it, and the commit. The migrations' triggers check, as
the COPY ends, that every log names one of the cards. Nothing is mapped, validated
or replayed: the stored memory is the same plain value for every card. Whatever
Saebom's import costs beyond this is Python.
"""

import time
from datetime import UTC, datetime
from pathlib import Path

CARD_SQL = """INSERT INTO progress_reviewcard
    (learner_id, item_id, direction, state, step, due, reps, lapses, created_at)
SELECT %s, item, direction, 1, 0, %s, 0, 0, %s
FROM unnest(%s::bigint[], %s::text[]) AS u(item, direction)
RETURNING id, item_id, direction"""
LOG_COPY = """COPY progress_reviewlog (learner_id, card_id, rating, reviewed_at, duration_ms,
    source, external_id, created_at) FROM STDIN (FORMAT BINARY)"""
LOG_TYPES = [
    "integer",
    "bigint",
    "smallint",
    "timestamptz",
    "integer",
    "varchar",
    "varchar",
    "timestamptz",
]
MEMORY_TYPES = [
    "bigint",
    "smallint",
    "double precision",
    "double precision",
    "timestamptz",
    "integer",
]
UPDATE_SQL = """UPDATE progress_reviewcard AS c SET state = m.state, step = NULL,
    stability = m.stability, difficulty = m.difficulty, due = m.due, last_review = m.due,
    reps = m.reps FROM floor_memory AS m WHERE c.id = m.id"""
DIRECTIONS = {0: "recognition", 1: "production"}


def answers_of(path: Path) -> tuple[list[tuple], list[tuple]]:
    """The package's cards as (item id, direction) and its answers as log rows keyed so."""
    from lessons.models import VocabularyItem
    from progress.anki.package import read_package

    contents = read_package(path)
    items = {str(uuid): pk for uuid, pk in VocabularyItem.objects.values_list("uuid", "pk")}
    keys = {
        cid: (items[contents.notes[card.nid].fields[-1]], DIRECTIONS[card.ord])
        for cid, card in contents.cards.items()
    }
    logs = [
        (
            keys[row.cid],
            row.ease,
            datetime.fromtimestamp(row.id / 1000, UTC),
            row.time_ms,
            "anki",
            f"anki:{row.id}:{row.cid}",
        )
        for row in contents.revlog
    ]
    return list(keys.values()), logs


def store(path: Path, learner_id: int) -> dict:
    """In the child: time storing the package's rows, then drop the database."""
    import django

    django.setup()
    from django.db import connection, transaction

    from .anki_import import BENCH_DATABASE
    from .report import database_label, high_water_kib

    connection.settings_dict["NAME"] = BENCH_DATABASE
    cards, logs = answers_of(path)
    now = datetime.now(UTC)
    before = high_water_kib()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        write(cursor, learner_id, cards, logs, now)
    seconds = time.perf_counter() - start
    peak = high_water_kib()
    database = database_label(connection)
    connection.close()
    connection.creation.destroy_test_db(BENCH_DATABASE, verbosity=0, keepdb=False)
    return {
        "seconds": seconds,
        "peak_kib": peak,
        "growth_kib": peak - before,
        "rows": len(logs),
        "database": database,
    }


def write(cursor, learner_id: int, cards: list[tuple], logs: list[tuple], now) -> None:
    items, directions = [item for item, _ in cards], [direction for _, direction in cards]
    cursor.execute(CARD_SQL, [learner_id, now, now, items, directions])
    ids = {(item, direction): pk for pk, item, direction in cursor.fetchall()}
    with cursor.copy(LOG_COPY) as copy:
        copy.set_types(LOG_TYPES)
        for key, *values in logs:
            copy.write_row((learner_id, ids[key], *values, now))
    cursor.execute(
        "CREATE TEMPORARY TABLE floor_memory (id bigint, state smallint, "
        "stability double precision, difficulty double precision, due timestamptz, "
        "reps integer) ON COMMIT DROP"
    )
    with cursor.copy("COPY floor_memory FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types(MEMORY_TYPES)
        for pk in ids.values():
            copy.write_row((pk, 2, 10.0, 5.0, now, 50))
    cursor.execute(UPDATE_SQL)

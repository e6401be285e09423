"""The partitioning benchmark's data: Saebom's review tables filled in SQL, and a
copy of them partitioned by hash of learner, built from the real tables' catalog
so that the copy cannot drift from the migrated schema.

The copy takes the real table's columns, defaults and CHECK constraints (CREATE
TABLE … LIKE), then every index and foreign key the migrations made, rewritten by
the rules PostgreSQL sets for a partitioned table: a primary key or unique index
must contain the partition key, so the learner column is put first where it is
missing; a foreign key into a partitioned copy references (learner, id). PostgreSQL
15 allows no identity column on a partitioned table, so the copy's ids come from a
sequence default.
"""

import re
import time
from datetime import UTC, datetime

LEARNERS = 20_000
WORDS = 55
ANSWERED_WORDS = 50
LOGS_PER_CARD = 10
NOW = datetime(2026, 11, 2, 11, 0, tzinfo=UTC)
KEY = "learner_id"
PARTITIONS = 16
# The real tables and their partitioned copies, referenced tables first.
COPIES = {"progress_reviewcard": "part_reviewcard", "progress_reviewlog": "part_reviewlog"}

INDEX = re.compile(r"CREATE (UNIQUE )?INDEX (\S+) ON \S+ USING (\w+) \((.*)\)$")
FOREIGN_KEY = re.compile(r"FOREIGN KEY \((.*?)\) REFERENCES (\w+)\((.*?)\)(.*)$")


def keyed_index(indexdef: str, copy: str) -> str:
    """One index of a real table (pg_indexes.indexdef) as its copy's: the primary key
    as a primary key, a unique index with the partition key in front if it lacks it."""
    unique, name, method, columns = INDEX.match(indexdef).groups()
    names = [column.strip() for column in columns.split(",")]
    if unique and KEY not in names:
        names.insert(0, KEY)
    columns = ", ".join(names)
    if name.endswith("_pkey"):
        return f"ALTER TABLE {copy} ADD CONSTRAINT {copy}_pkey PRIMARY KEY ({columns})"
    return f"CREATE {unique or ''}INDEX p_{name[:59]} ON {copy} USING {method} ({columns})"


def keyed_foreign_key(definition: str) -> str:
    """One foreign key (pg_get_constraintdef) as the copy's: into a partitioned copy it
    references (learner, id), its own learner column in front."""
    columns, table, referenced, rest = FOREIGN_KEY.match(definition).groups()
    if table in COPIES:
        table = COPIES[table]
        columns, referenced = f"{KEY}, {columns}", f"{KEY}, {referenced}"
    return f"FOREIGN KEY ({columns}) REFERENCES {table}({referenced}){rest}"


def copy_statements(cursor, table: str) -> list[str]:
    """The statements that make `table`'s partitioned copy, read from the catalog."""
    copy = COPIES[table]
    cursor.execute(
        "SELECT indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname", [table]
    )
    indexes = [keyed_index(row[0], copy) for row in cursor.fetchall()]
    cursor.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [table],
    )
    keys = [f"ALTER TABLE {copy} ADD {keyed_foreign_key(row[0])}" for row in cursor.fetchall()]
    return [
        f"CREATE TABLE {copy} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
        f"PARTITION BY HASH ({KEY})",
        *(
            f"CREATE TABLE {copy}_{n} PARTITION OF {copy} "
            f"FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {n})"
            for n in range(PARTITIONS)
        ),
        f"CREATE SEQUENCE {copy}_id_seq OWNED BY {copy}.id",
        f"ALTER TABLE {copy} ALTER id SET DEFAULT nextval('{copy}_id_seq')",
        *indexes,
        *keys,
    ]


def fill_statements(table: str) -> list[str]:
    copy = COPIES[table]
    return [
        f"INSERT INTO {copy} SELECT * FROM {table}",
        f"SELECT setval('{copy}_id_seq', (SELECT max(id) FROM {table}))",
    ]


# The load: LEARNERS learners in two zones (Seoul and New York), WORDS words in both
# directions each; every card but the last NEW_WORDS words' has LOGS_PER_CARD
# answers, a month apart, the last 0–29 days ago; due dates from 20 days ago to 20
# ahead, a twentieth relearning. Foreign keys are not checked during the load
# (session_replication_role), on both layouts alike: the rows are right by making.
USERS_SQL = """
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined)
SELECT '!', false, 'bench' || n, '', '', '', false, true, %(now)s
FROM generate_series(1, %(learners)s) AS n
"""
PROFILES_SQL = """
INSERT INTO accounts_learnerprofile (user_id, display_name, gloss_preference, ui_language,
    time_zone, daily_review_goal, reminder_hour, desired_retention)
SELECT id, 'Learner ' || id, 'both', 'ko',
       CASE WHEN id %% 2 = 0 THEN 'Asia/Seoul' ELSE 'America/New_York' END, 20, 19, 0.9
FROM auth_user WHERE username LIKE 'bench%%'
"""
CARDS_SQL = """
INSERT INTO progress_reviewcard (learner_id, item_id, direction, state, step, stability,
    difficulty, due, last_review, reps, lapses, created_at)
SELECT u.id, i.id, d.direction,
       CASE WHEN i.n > %(answered)s THEN 1 WHEN (u.id + i.id) %% 20 = 0 THEN 3 ELSE 2 END,
       CASE WHEN i.n > %(answered)s THEN 0 END,
       CASE WHEN i.n > %(answered)s THEN NULL ELSE 1 + (u.id * 7 + i.id) %% 60 END,
       CASE WHEN i.n > %(answered)s THEN NULL ELSE 5.0 END,
       %(now)s + ((u.id * 13 + i.id * 7) %% 41 - 20) * interval '1 day',
       CASE WHEN i.n > %(answered)s THEN NULL
            ELSE %(now)s - ((u.id + i.id) %% 30) * interval '1 day' END,
       CASE WHEN i.n > %(answered)s THEN 0 ELSE %(logs)s END, 0,
       %(now)s - interval '300 days'
FROM auth_user u
CROSS JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM lessons_vocabularyitem) i
CROSS JOIN (VALUES ('recognition'), ('production')) AS d(direction)
WHERE u.username LIKE 'bench%%'
ORDER BY u.id, i.id, d.direction
"""
LOGS_SQL = """
INSERT INTO progress_reviewlog (learner_id, card_id, rating, reviewed_at, duration_ms, source,
                                external_id, created_at)
SELECT c.learner_id, c.id, CASE WHEN (c.id * 31 + j) %% 10 = 0 THEN 1 ELSE 3 END,
       %(now)s - ((%(logs)s - j) * 30 + (c.learner_id + c.item_id) %% 30) * interval '1 day'
             - (c.id * 7919 %% 36000) * interval '1 second',
       1000 + (c.id * j) %% 9000, 'web', 'web-' || md5(c.id || '-' || j)::uuid,
       %(now)s - ((%(logs)s - j) * 30) * interval '1 day'
FROM progress_reviewcard c CROSS JOIN generate_series(1, %(logs)s) AS j
WHERE c.reps > 0
"""


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
    cursor.execute("SET statement_timeout = 0")  # the web's limit is not the load's
    seconds = {
        "learners and cards": timed(cursor, [USERS_SQL, PROFILES_SQL, CARDS_SQL], params),
        "logs": timed(cursor, [LOGS_SQL], params),
    }
    made = [sql for table in COPIES for sql in copy_statements(cursor, table)]
    seconds["copy: tables, indexes, keys"] = timed(cursor, made)
    filled = [sql for table in COPIES for sql in fill_statements(table)]
    seconds["copy: filled"] = timed(cursor, filled)
    cursor.execute("SET session_replication_role = DEFAULT")
    return seconds


def vacuumed(cursor) -> dict[str, float]:
    """VACUUM (ANALYZE) after the load: the plain log table whole, and the copy's log
    partitions one by one (the longest, and all of them)."""
    cursor.execute("VACUUM (ANALYZE) progress_reviewcard")
    plain = timed(cursor, ["VACUUM (ANALYZE) progress_reviewlog"])
    copy = COPIES["progress_reviewlog"]
    cursor.execute(f"VACUUM (ANALYZE) {COPIES['progress_reviewcard']}")
    parts = [timed(cursor, [f"VACUUM (ANALYZE) {copy}_{n}"]) for n in range(PARTITIONS)]
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
    for table, copy in COPIES.items():
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

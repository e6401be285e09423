"""Recording reviews: Saebom's `record_review` on PostgreSQL against the least
durable work one answer needs on the same server, with the `anki` library's own
`answer_card` as context, in one run.

Every side holds CARDS cards and answers each twice (REVIEWS in all), one
answer at a time, each its own transaction (Anki commits per answer too).

- Saebom: `record_review`, FSRS on. It also replays: answers older than a
  card's last review make the card's whole history replay, the path offline
  Anki reviews take.
- Floor: one transaction per answer through a bare cursor on the same tables
  (prepared statements, as Saebom's): lock the card row, insert one log row,
  update the card row, commit.
  No ORM, no FSRS, no idempotency check: what any durable recorder must do.
- Anki: its scheduler with FSRS on, in a collection of the same size.

All three run in a child process (Saebom and the floor on a throwaway PostgreSQL
database built by migrations: DATABASE_URL, or the local server), taking turns
of CHUNK answers so that all meet the same load on a shared machine. A last, untimed
pass answers PROFILED fresh cards once each on both sides, also taking turns,
and splits an answer's time by statement."""

import json
import time
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from statistics import median

from .anki_answering import anki_cards, answer_anki
from .anki_answering import twice as anki_twice
from .report import Section, database_label, in_child, spread

CARDS = 2_000
REVIEWS = 2 * CARDS
LATE = 500
PROFILED = 1_000
# Answers per turn: Saebom and the floor take turns, so that both meet the same load.
CHUNK = 100
# Each ratio is taken within one trial; the report gives their median and spread.
TRIALS = 3
BENCH_DATABASE = "saebom_bench_record_reviews"
START = datetime(2026, 1, 5, 9, tzinfo=UTC)
NOW = START + timedelta(days=30)
DAY, SECOND = timedelta(days=1), timedelta(seconds=1)

LOCK = (
    'SELECT "state", "step", "stability", "difficulty", "due", "last_review", "reps", '
    '"lapses" FROM "progress_reviewcard" WHERE "id" = %s FOR UPDATE'
)
INSERT = (
    'INSERT INTO "progress_reviewlog" ("learner_id", "card_id", "rating", "reviewed_at", '
    '"duration_ms", "source", "external_id", "created_at") VALUES (%s, %s, %s, %s, %s, %s, %s, %s)'
)
UPDATE = (
    'UPDATE "progress_reviewcard" SET "state" = %s, "step" = %s, "stability" = %s, '
    '"difficulty" = %s, "due" = %s, "last_review" = %s, "reps" = %s, "lapses" = %s WHERE "id" = %s'
)
# How the profile names what an answer spends its time on, in table order.
PARTS = {
    "lock": "lock the card (SELECT … FOR UPDATE; BEGIN goes with it)",
    "read": "other reads",
    "savepoint": "savepoints",
    "insert": "insert the log",
    "update": "update the card",
    "with": "insert the log and update the card, one statement (WITH … INSERT … UPDATE)",
    "commit": "commit (WAL flushed to disk)",
    "python": "outside the database (Python)",
}


def saebom() -> dict:
    """In the child: build the database, then time both sides and profile them."""
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = BENCH_DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        trials = [trial(n) for n in range(TRIALS)]
        profiles = profile()
        database = database_label(connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return {"trials": trials, "profile": profiles, "database": database}


def trial(number: int) -> dict[str, float]:
    """Seconds for each side's answers: REVIEWS each, then LATE each, taking turns."""
    ours, floor = fresh_cards(f"saebom{number}", CARDS), fresh_cards(f"floor{number}", CARDS)
    with anki_cards(CARDS) as (col, card_ids):
        seconds = take_turns({
            "forward": (answer_saebom, twice(ours)), "floor": (answer_floor, twice(floor)),
            "anki": (answer_anki, anki_twice(col, card_ids)),
        })  # fmt: skip
    late = [(card, 2, START + DAY + SECOND * n, f"late{n}") for n, card in enumerate(ours[:LATE])]
    # The floor's third answers are the same work as its first two: only Saebom replays.
    more = [(card, 3, START + DAY * 6 + SECOND * n, f"c{n}") for n, card in enumerate(floor[:LATE])]
    return {
        **seconds,
        **take_turns({"late": (answer_saebom, late), "late_floor": (answer_floor, more)}),
    }


def twice(cards: list) -> list[tuple]:
    """Answers to every card, then to every card again three days later (one in five Again)."""
    first = [(card, 3, START + SECOND * n, f"a{n}") for n, card in enumerate(cards)]
    again = [
        (card, 3 if n % 5 else 1, START + DAY * 3 + SECOND * n, f"b{n}")
        for n, card in enumerate(cards)
    ]
    return first + again


def take_turns(sides: dict, watch=None) -> dict[str, float]:
    """Seconds per side; the sides give CHUNK answers each in turn, under `watch(side)` if given."""
    seconds = dict.fromkeys(sides, 0.0)
    longest = max(len(answers) for _, answers in sides.values())
    for start in range(0, longest, CHUNK):
        for side, (answer, answers) in sides.items():
            with watch(side) if watch else nullcontext():
                began = time.perf_counter()
                for call in answers[start : start + CHUNK]:
                    answer(*call)
                seconds[side] += time.perf_counter() - began
    return seconds


def fresh_cards(label: str, count: int) -> list:
    """One new learner's `count` new cards, each on its own new word."""
    from lessons.models import VocabularyItem
    from progress.models import ReviewCard
    from tests.factories.accounts import learner

    user = learner(time_zone="Asia/Seoul")
    items = VocabularyItem.objects.bulk_create(
        VocabularyItem(headword=f"word {label}-{n}", part_of_speech="noun", cefr_level="A1",
                       gloss_nk="낱말", gloss_sk="단어")
        for n in range(count)
    )  # fmt: skip
    return ReviewCard.objects.bulk_create(
        ReviewCard(learner=user, item=item, direction="recognition", due=START) for item in items
    )


def answer_saebom(card, rating: int, at, key: str) -> None:
    from progress.recording import record_review

    record_review(card_id=card.pk, rating=rating, reviewed_at=at, duration_ms=3000,
                  source="api", external_id=key, now=NOW)  # fmt: skip


def answer_floor(card, rating: int, at, key: str) -> None:
    """Lock, insert, update, commit: the state written is a stand-in, not FSRS's. The
    statements go through the cursor Saebom's go through, prepared once per connection."""
    from django.db import transaction

    from progress.prepared import database, statement_cursor

    with transaction.atomic(), statement_cursor(database()) as cursor:
        cursor.execute(LOCK, [card.pk])
        *_, reps, lapses = cursor.fetchone()
        cursor.execute(INSERT, [card.learner_id, card.pk, rating, at, 3000, "api", key, NOW])
        cursor.execute(UPDATE, [2, None, 3.0, 5.0, at + DAY * 3, at, reps + 1, lapses, card.pk])


def profile() -> dict[str, dict[str, list[float]]]:
    """Per side and part of an answer: [statements, seconds] per answer, taking turns."""
    parts = {side: defaultdict(lambda: [0, 0.0]) for side in ("saebom", "floor")}
    sides = {
        side: (answer, [(card, 3, START + SECOND * n, f"p{n}")
                        for n, card in enumerate(fresh_cards(f"profile-{side}", PROFILED))])
        for side, answer in (("saebom", answer_saebom), ("floor", answer_floor))
    }  # fmt: skip
    seconds = take_turns(sides, watch=lambda side: counted(parts[side]))
    result = {}
    for side, found in parts.items():
        outside = seconds[side] - sum(spent for _, spent in found.values())
        result[side] = {
            part: [n / PROFILED, spent / PROFILED] for part, (n, spent) in found.items()
        }
        result[side]["python"] = [0, outside / PROFILED]
    return result


@contextmanager
def counted(parts):
    """Count and time each statement and commit into `parts` ({part: [count, seconds]})."""
    from django.db import connection

    def record(part: str, seconds: float) -> None:
        parts[part][0] += 1
        parts[part][1] += seconds

    def statement(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            record(part_of(sql), time.perf_counter() - began)

    with connection.execute_wrapper(statement), timed_commits(record):
        yield


def part_of(sql: str) -> str:
    verb = sql.split(None, 1)[0].upper()
    if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
        return "savepoint"
    if verb == "SELECT":
        return "lock" if "FOR UPDATE" in sql else "read"
    return verb.lower()


@contextmanager
def timed_commits(record):
    """Django has no hook around COMMIT: time it by wrapping the connection's commit."""
    from django.db import connection

    commit = connection.commit

    def timed():
        began = time.perf_counter()
        try:
            commit()
        finally:
            record("commit", time.perf_counter() - began)

    connection.commit = timed
    try:
        yield
    finally:
        del connection.commit


def run(args) -> Section:
    result = in_child("benchmarks.record_reviews", postgres=True)
    counts = {"forward": REVIEWS, "late": LATE, "floor": REVIEWS, "late_floor": LATE}
    counts["anki"] = REVIEWS
    # Answers per second in each trial; every ratio is taken within its trial.
    per_trial = [{side: counts[side] / t[side] for side in counts} for t in result["trials"]]
    return Section(
        title="Recording reviews (record_review against its floor and Anki's answer_card)",
        summary=(
            f"{CARDS:,} cards each answered twice ({REVIEWS:,} answers, one transaction "
            f"each), then {LATE} answers dated before the cards' last review (each replays "
            "that card's history). The floor answers as many fresh cards the same way "
            "through a bare cursor on the same PostgreSQL tables (its statements prepared "
            "once per connection, as Saebom's are), with no ORM and no "
            "FSRS: lock the card row, insert one log row, update the card row, commit. Anki "
            "answers the same number of cards twice in a collection of the same size with "
            f"FSRS on, through its own scheduler. {TRIALS} trials, each on fresh cards; "
            f"Saebom, the floor and Anki take turns of {CHUNK} answers so that all meet the "
            "same load, and each ratio is taken within its trial (median, lowest–highest); the "
            "late answers are compared with as many floor answers that took turns with them."
        ),
        header=["recorder", "answers per second", "vs floor"],
        rows=rate_rows(per_trial),
        notes=notes(result["profile"], medians(per_trial)),
        database=result["database"],
    )


def medians(per_trial: list[dict[str, float]]) -> dict[str, float]:
    return {side: median(t[side] for t in per_trial) for side in per_trial[0]}


def rate_rows(per_trial: list[dict[str, float]]) -> list[list[str]]:
    """Each Saebom row against the floor answers that took turns with it."""
    rates = medians(per_trial)
    rows = {
        "forward": ("Saebom `record_review`, PostgreSQL", "floor"),
        "late": ("Saebom, late answers replaying the card's history", "late_floor"),
        "floor": ("lock, insert, update, commit; bare cursor, PostgreSQL (floor)", "floor"),
        "anki": ("Anki `answer_card` (FSRS on), SQLite collection", "floor"),
    }
    return [
        [name, f"{rates[key]:,.0f}", spread([t[key] / t[floor] for t in per_trial])]
        for key, (name, floor) in rows.items()
    ]


def notes(profiles: dict, rates: dict[str, float]) -> str:
    saebom, floor = profiles["saebom"], profiles["floor"]
    total = {side: sum(s for _, s in profiles[side].values()) for side in profiles}
    statements = {side: sum(n for n, _ in profiles[side].values()) for side in profiles}
    commit = floor["commit"][1] / total["floor"]
    ours, bare = (statements[side] - profiles[side]["commit"][0] for side in ("saebom", "floor"))
    lines = [
        f"Where one answer's time goes, from an untimed pass of {PROFILED:,} answers on "
        "each side, taking turns (statements per answer × milliseconds per answer; a "
        "statement's time is its whole execute: the driver, the round trip and the "
        "server's work):",
        "",
        "| part of an answer | Saebom | floor |",
        "|---|---|---|",
        *(
            f"| {label} | {cell(saebom.get(part))} | {cell(floor.get(part))} |"
            for part, label in PARTS.items()
            if part in saebom or part in floor
        ),
        f"| total | {total['saebom'] * 1000:.2f} ms | {total['floor'] * 1000:.2f} ms |",
        "",
        explanation(saebom, floor, statements=(ours, bare), commit=commit, rate=rates["floor"]),
    ]
    return "\n".join(lines)


def explanation(saebom: dict, floor: dict, *, statements: tuple, commit: float, rate: float) -> str:
    """What the breakdown shows, in words, with its figures."""
    ours, bare = statements
    return (
        f"Saebom sends {ours:.0f} statements and a commit per answer, the floor {bare:.0f} "
        "and a commit. Saebom's statements are written once (progress/answering.py), so "
        "none is compiled per answer, and prepared once per connection (the floor's too), "
        "so the server plans none per answer; its idempotency check is the insert's ON "
        "CONFLICT on the learner's external id, not a read before it, and the insert and "
        "the card's update travel as one statement. Outside the "
        f"database Saebom spends {saebom['python'][1] * 1000:.2f} ms an answer against the "
        f"floor's {floor['python'][1] * 1000:.2f} ms: the FSRS step, cleaning the log's "
        f"fields and converting the row read. The commit's flush to disk is {commit:.0%} of "
        "the floor's answer; no recorder that commits each answer on one connection gets "
        f"much past {rate:,.0f} a second on this server, however lean (answers "
        "from many learners at once share the disk flushes). Anki's collection runs "
        "in-process on SQLite in WAL mode with synchronous=FULL, so it too flushes to disk "
        "at each answer's commit, without server round trips; it takes turns with the "
        "PostgreSQL sides in every trial."
    )


def cell(part: list[float] | None) -> str:
    if not part:
        return "—"
    count, seconds = part
    return f"{count:.0f} × {seconds * 1000:.2f} ms" if count else f"{seconds * 1000:.2f} ms"


if __name__ == "__main__":
    print(json.dumps(saebom()))  # noqa: T201

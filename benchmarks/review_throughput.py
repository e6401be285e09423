"""Review throughput: answers per second when 1, 4 and 8 learners answer at once,
Saebom's `record_review` against the floor at the same concurrency, with the
`anki` library's single-process `answer_card` as the rate to reach.

Each concurrent learner is its own process with its own database connection and
its own learner's CARDS_EACH cards, each card answered twice (as in
benchmarks.record_reviews), one transaction per answer; the processes start
together and the rate is all their answers over the time from the first start to
the last finish. The floor does the same through a bare cursor (prepared
statements, as Saebom's): lock the card row, insert one log row, update the card
row, commit. Anki answers as many cards twice as 8 learners do, in one process,
FSRS on.

Everything runs in a child process on a throwaway PostgreSQL database built by
migrations (DATABASE_URL, or the local server). In each trial every side runs
once, the order turning from trial to trial (report.interleaved), so Anki meets
the same load as the others; each ratio is taken within its trial.
"""

import json
import multiprocessing
import os
import time
from statistics import median

from .report import Section, database_label, in_child, interleaved, spread

LEVELS = (1, 4, 8)
CARDS_EACH = 250
ANKI_CARDS = CARDS_EACH * max(LEVELS)
TRIALS = 3
BENCH_DATABASE = "saebom_bench_review_throughput"
# Each side by name: (recorder, learners at once); Anki runs alone.
CONCURRENT = {f"{name}{level}": (name, level) for level in LEVELS for name in ("saebom", "floor")}
SIDES = [*CONCURRENT, "anki"]


def measure() -> dict:
    """In the child: build the database, run the interleaved trials, drop the database."""
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = BENCH_DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        database = database_label(connection)
        trials = interleaved(run_side, SIDES, TRIALS)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return {"trials": trials, "database": database}


def run_side(side: str) -> float:
    """Answers per second of one side in one trial."""
    if side == "anki":
        return anki_rate()
    return concurrent_rate(*CONCURRENT[side])


def concurrent_rate(name: str, level: int) -> float:
    """`level` processes, each answering its own new learner's cards twice at once."""
    from django.db import connections

    from .record_reviews import fresh_cards

    decks = [fresh_cards(f"{name}{level}-{n}-{time.monotonic_ns()}", CARDS_EACH)
             for n in range(level)]  # fmt: skip
    connections.close_all()  # each process opens its own connection
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(level), context.Queue()
    workers = [
        context.Process(target=answer_all, args=(name, cards, start, results)) for cards in decks
    ]
    for worker in workers:
        worker.start()
    spans = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    if any(worker.exitcode for worker in workers):
        raise RuntimeError(f"a {name} learner's process failed")
    began, ended = min(s for s, _ in spans), max(e for _, e in spans)
    return level * 2 * CARDS_EACH / (ended - began)


def answer_all(name: str, cards: list, start, results) -> None:
    """In a learner's process: connect, wait for the others, answer every card twice."""
    from django.db import connection

    from progress import recording  # noqa: F401 - loaded before the clock starts, as in a server

    from .record_reviews import answer_floor, answer_saebom, twice

    answer = answer_saebom if name == "saebom" else answer_floor
    calls = twice(cards)
    connection.ensure_connection()
    start.wait()
    began = time.perf_counter()
    for call in calls:
        answer(*call)
    results.put((began, time.perf_counter()))
    connection.close()


def anki_rate() -> float:
    from .anki_answering import anki_cards, answer_anki, twice

    with anki_cards(ANKI_CARDS) as (col, card_ids):
        calls = twice(col, card_ids)
        began = time.perf_counter()
        for call in calls:
            answer_anki(*call)
        seconds = time.perf_counter() - began
    return len(calls) / seconds


def run(args) -> Section:
    result = in_child("benchmarks.review_throughput", postgres=True)
    return Section(
        title="Review throughput (record_review with 1, 4 and 8 learners at once)",
        summary=(
            f"Each learner is its own process with its own connection, answering its own "
            f"{CARDS_EACH} new cards twice, one transaction per answer; all start together, "
            "and a rate is all answers over the time from the first start to the last "
            "finish. The floor does the same through a bare cursor with prepared statements "
            "(lock the card row, "
            f"insert one log row, update the card row, commit). Anki answers {ANKI_CARDS:,} "
            "cards twice in one process, FSRS on, through its own scheduler. "
            f"{TRIALS} trials; in each every side runs once, the order turning from trial "
            "to trial; each ratio is taken within its trial (median, lowest–highest). "
            f"This machine has {os.cpu_count()} cores."
        ),
        header=["recorder", "learners at once", "answers per second", "vs floor", "vs Anki"],
        rows=rows(result["trials"]),
        notes=notes(result["trials"]),
        database=result["database"],
    )


def rows(trials: list[dict[str, float]]) -> list[list[str]]:
    rate = {side: median(t[side] for t in trials) for side in SIDES}
    table = []
    for level in LEVELS:
        for name, label in (("saebom", "Saebom `record_review`"), ("floor", "floor")):
            side = f"{name}{level}"
            versus_floor = [t[side] / t[f"floor{level}"] for t in trials]
            versus_anki = [t[side] / t["anki"] for t in trials]
            table.append([label, str(level), f"{rate[side]:,.0f}", spread(versus_floor),
                          spread(versus_anki)])  # fmt: skip
    table.append(["Anki `answer_card`, SQLite collection", "1", f"{rate['anki']:,.0f}", "—",
                  spread([1.0 for _ in trials])])  # fmt: skip
    return table


def notes(trials: list[dict[str, float]]) -> str:
    """Whether 8 learners at once reach Anki's rate in the median trial, and what limits it."""
    ratio = median(t[f"saebom{max(LEVELS)}"] / t["anki"] for t in trials)
    verdict = "reach" if ratio >= 1 else "do not reach"
    return (
        f"{max(LEVELS)} learners at once {verdict} Anki's single-process rate with Saebom "
        f"({ratio:.2f}× in the median trial). Every answer is committed durably "
        "(synchronous_commit on): each commit waits for its WAL record to reach the disk. "
        "One connection waits for every flush alone; several learners' commits share "
        "flushes, which is where the rate with many learners comes from, until the "
        f"machine's {os.cpu_count()} cores, shared by the learners' processes and their "
        "server processes, are busy. Anki's collection is one process writing its own "
        "SQLite file, with no server round trips and no other writer."
    )


if __name__ == "__main__":
    print(json.dumps(measure()))  # noqa: T201

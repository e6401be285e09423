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

Each side also counts the CPU time its answers took (benchmarks.throughput_cpu):
every learner's process and its server backend, read around its answering loop and
added up, and Anki's process; divided by the answers, it gives the most answers a
second this machine's cores allow that side.
"""

import json
import multiprocessing
import os
import time
from statistics import median

from .report import Section, database_label, in_child, interleaved, spread
from .throughput_cpu import (
    backend_pid,
    ceiling,
    ceiling_cell,
    cpu_cell,
    cpu_spent,
    own_seconds,
    per_answer,
    summed,
)

LEVELS = (1, 4, 8)
CARDS_EACH = 250
ANKI_CARDS = CARDS_EACH * max(LEVELS)
TRIALS = 3
BENCH_DATABASE = "saebom_bench_review_throughput"
# Each side by name: (recorder, learners at once); Anki runs alone.
CONCURRENT = {f"{name}{level}": (name, level) for level in LEVELS for name in ("saebom", "floor")}
SIDES = [*CONCURRENT, "anki"]
CORES = os.cpu_count() or 1


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


def run_side(side: str) -> dict:
    """One side in one trial: {"rate": answers per second, "answers": how many,
    "client" and "server": CPU seconds spent on them (server None if not read)}."""
    if side == "anki":
        return anki_rate()
    return concurrent_rate(*CONCURRENT[side])


def concurrent_rate(name: str, level: int) -> dict:
    """`level` processes, each answering its own new learner's cards twice at once."""
    from django.db import connections

    from .record_reviews import fresh_cards

    label = f"{name}{level}-{time.monotonic_ns()}"
    decks = [fresh_cards(f"{label}-{n}", CARDS_EACH) for n in range(level)]
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
    began, ended = min(s["began"] for s in spans), max(s["ended"] for s in spans)
    answers = level * 2 * CARDS_EACH
    return {"rate": answers / (ended - began), "answers": answers, **summed(spans)}


def answer_all(name: str, cards: list, start, results) -> None:
    """In a learner's process: connect, wait for the others, answer every card twice;
    puts when it began and ended and the CPU time it and its server backend spent."""
    from django.db import connection

    from progress import recording  # noqa: F401 - loaded before the clock starts, as in a server

    from .record_reviews import answer_floor, answer_saebom, twice

    answer = answer_saebom if name == "saebom" else answer_floor
    calls = twice(cards)
    backend = backend_pid(connection)
    start.wait()
    with cpu_spent(backend) as spent:
        began = time.perf_counter()
        for call in calls:
            answer(*call)
        ended = time.perf_counter()
    results.put({"began": began, "ended": ended, **spent})
    connection.close()


def anki_rate() -> dict:
    """Anki in this process; it has no server, so all its CPU time is its own."""
    from .anki_answering import anki_cards, answer_anki, twice

    with anki_cards(ANKI_CARDS) as (col, card_ids):
        calls = twice(col, card_ids)
        own, began = own_seconds(), time.perf_counter()
        for call in calls:
            answer_anki(*call)
        seconds, spent = time.perf_counter() - began, own_seconds() - own
    return {"rate": len(calls) / seconds, "answers": len(calls), "client": spent, "server": 0.0}


def run(args) -> Section:
    result = in_child("benchmarks.review_throughput", postgres=True)
    return Section(
        title="Review throughput (record_review with 1, 4 and 8 learners at once)",
        summary=summary(),
        header=HEADER,
        rows=rows(result["trials"]),
        notes=notes(result["trials"]),
        database=result["database"],
    )


def summary() -> str:
    return (
        f"Each learner is its own process with its own connection, answering its own "
        f"{CARDS_EACH} new cards twice, one transaction per answer; all start together, "
        "and a rate is all answers over the time from the first start to the last "
        "finish. The floor does the same through a bare cursor with prepared statements "
        "(lock the card row, "
        f"insert one log row, update the card row, commit). Anki answers {ANKI_CARDS:,} "
        "cards twice in one process, FSRS on, through its own scheduler. "
        f"{TRIALS} trials; in each every side runs once, the order turning from trial "
        "to trial; each ratio is taken within its trial (median, lowest–highest). "
        f"This machine has {CORES} cores. CPU per answer is the CPU time (user + system) "
        "of the learners' processes (getrusage) and of their PostgreSQL server backends "
        "(/proc/<pid>/stat, in clock ticks), each read around its answering loop, added "
        "up and divided by the answers; Anki's is its own process's, as it has no server. "
        "The cores' ceiling is cores ÷ CPU per answer: the most answers a second the "
        "counted processes could give with every core busy (median of the trials)."
    )


HEADER = [
    "recorder",
    "learners at once",
    "answers per second",
    "vs floor",
    "vs Anki",
    "CPU per answer (client + server)",
    "cores' ceiling (answers/s)",
]
RECORDERS = (("saebom", "Saebom `record_review`"), ("floor", "floor"))


def rows(trials: list[dict[str, dict]]) -> list[list[str]]:
    table = [side_row(trials, name, label, level) for level in LEVELS for name, label in RECORDERS]
    results = [t["anki"] for t in trials]
    rate = median(r["rate"] for r in results)
    anki = ["Anki `answer_card`, SQLite collection", "1", f"{rate:,.0f}", "—"]
    return [*table, [*anki, spread([1.0 for _ in trials]), *cpu_cells(results)]]


def side_row(trials: list[dict[str, dict]], name: str, label: str, level: int) -> list[str]:
    side = f"{name}{level}"
    rate = median(t[side]["rate"] for t in trials)
    versus_floor = [t[side]["rate"] / t[f"floor{level}"]["rate"] for t in trials]
    versus_anki = [t[side]["rate"] / t["anki"]["rate"] for t in trials]
    ratios = [spread(versus_floor), spread(versus_anki)]
    return [label, str(level), f"{rate:,.0f}", *ratios, *cpu_cells([t[side] for t in trials])]


def cpu_cells(results: list[dict]) -> list[str]:
    return [cpu_cell(results), ceiling_cell(results, CORES)]


def notes(trials: list[dict[str, dict]]) -> str:
    """Whether 8 learners at once reach Anki's rate in the median trial, what limits
    it, and whether the floor's CPU time per answer lets these cores reach it at all."""
    ratio = median(t[f"saebom{max(LEVELS)}"]["rate"] / t["anki"]["rate"] for t in trials)
    verdict = "reach" if ratio >= 1 else "do not reach"
    return (
        f"{max(LEVELS)} learners at once {verdict} Anki's single-process rate with Saebom "
        f"({ratio:.2f}× in the median trial). Every answer is committed durably "
        "(synchronous_commit on): each commit waits for its WAL record to reach the disk. "
        "One connection waits for every flush alone; several learners' commits share "
        "flushes, which is where the rate with many learners comes from, until the "
        f"machine's {CORES} cores, shared by the learners' processes and their "
        "server processes, are busy. Anki's collection is one process writing its own "
        "SQLite file, with no server round trips and no other writer.\n\n" + cpu_notes(trials)
    )


def cpu_notes(trials: list[dict[str, dict]]) -> str:
    """The floor's CPU time per answer with the most learners, and what it allows."""
    level, side = max(LEVELS), f"floor{max(LEVELS)}"
    seconds = [per_answer(t[side]) for t in trials]
    if None in seconds:
        return (
            "The server backends' CPU time could not be read from /proc (the server is "
            "not on this machine, or its processes are not readable), so no ceiling is given."
        )
    allowed = [ceiling(CORES, s) for s in seconds]
    versus_anki = [a / t["anki"]["rate"] for a, t in zip(allowed, trials, strict=True)]
    busy = [t[side]["rate"] * s / CORES * 100 for s, t in zip(seconds, trials, strict=True)]
    verdict = "could" if median(versus_anki) >= 1 else "could not"
    return (
        f"At {level} learners the floor spends {median(seconds) * 1000:.2f} ms of CPU per "
        f"answer (learners' processes and their server backends); {CORES} cores allow at "
        f"most {median(allowed):,.0f} answers a second, {spread(versus_anki)} Anki's rate "
        f"in the same trial, so the floor {verdict} reach Anki's rate on this machine's "
        f"cores. At its measured rate that counted work kept the cores "
        f"{spread(busy, unit='%', digits=0)} busy. Not counted: the server's WAL writer, "
        "checkpointer and other background processes, the kernel's work flushing to disk, "
        "the benchmark's parent process and anything else running on the machine; the "
        "wall-clock rate pays for them too, so the real ceiling is lower than this one."
    )


if __name__ == "__main__":
    print(json.dumps(measure()))  # noqa: T201

"""Scheduler quality on a real review log, on a time split.

The log (CSV: card_id, review_rating, review_time, review_duration) is split in
time the way the nightly fit splits a learner's history (progress.fitting):
parameters are fitted on the earliest 80% of answers, and every inter-day
answer after the cut (with its card's full earlier history) is predicted.
Three parameter sets are compared on those same held-out items: FSRS-6's
defaults, the nightly fit (progress.fitting.fit_and_decide, fsrs-rs), and
Anki's own optimizer (`compute_fsrs_params` on a collection holding only the
earlier answers). Lower log loss and RMSE(bins) are better.
"""

import csv
import os
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from accounts.clock import anki_day
from progress.fitting import evaluate, fit_and_decide, history_before, training_items
from progress.scheduler import DEFAULT_PARAMETERS, Review, ReviewKind

from .report import Section

TITLE = "Scheduler quality (FSRS parameters on a real review log)"
TIME_ZONE, ROLLOVER = "UTC", 4
SPLIT = 0.8


HEADER = ["Parameters", "Log loss", "RMSE(bins)", "Log loss / default", "RMSE / default", "Time"]


def run(args) -> Section:
    path = getattr(args, "revlog", None)
    if not path:
        return Section(
            TITLE, "No review log was given (`--revlog PATH`), so nothing was measured.", []
        )
    history = read_revlog(Path(path))
    started = time.perf_counter()
    nightly = fit_and_decide(DEFAULT_PARAMETERS, history, time_zone=TIME_ZONE, split=SPLIT)
    nightly_seconds = time.perf_counter() - started
    held_out = training_items(
        history, time_zone=TIME_ZONE, rollover_hour=ROLLOVER, since=nightly.cut
    )
    anki_params, anki_items, anki_seconds = anki_fit(history_before(history, nightly.cut))
    results = [
        ("FSRS-6 default parameters", DEFAULT_PARAMETERS, "—"),
        ("Nightly fit (progress.fitting, fsrs-rs)", nightly.candidate, f"{nightly_seconds:.2f} s"),
        ("Anki's optimizer (compute_fsrs_params)", anki_params, f"{anki_seconds:.2f} s"),
    ]
    rows = table(results, held_out)
    return Section(
        TITLE,
        summary(path, history, nightly, held_out, anki_items),
        HEADER,
        rows,
        notes=notes(nightly),
    )


def read_revlog(path: Path) -> dict[int, list[Review]]:
    history = defaultdict(list)
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            history[int(row["card_id"])].append(
                Review(
                    rating=int(row["review_rating"]),
                    reviewed_at=datetime.fromisoformat(row["review_time"]),
                    duration_ms=int(row["review_duration"]),
                )
            )
    return dict(history)


def table(results, held_out) -> list[list[str]]:
    evaluations = [(name, evaluate(params, held_out), seconds) for name, params, seconds in results]
    baseline = evaluations[0][1]
    return [
        [
            name,
            f"{e.log_loss:.4f}",
            f"{e.rmse_bins:.4f}",
            f"{e.log_loss / baseline.log_loss:.3f}",
            f"{e.rmse_bins / baseline.rmse_bins:.3f}",
            seconds,
        ]
        for name, e, seconds in evaluations
    ]


def summary(path, history, nightly, held_out, anki_items) -> str:
    answers = sum(len(reviews) for reviews in history.values())
    return (
        f"Review log `{Path(path).name}`: {answers:,} answers on {len(history):,} cards. "
        f"Time split at {nightly.cut:%Y-%m-%d %H:%M} UTC ({SPLIT:.0%} of answers before it): "
        f"{nightly.train_items:,} training items (Anki built {anki_items:,} from the same "
        "answers), "
        f"{len(held_out):,} held-out inter-day answers. Days are counted in UTC with a "
        f"{ROLLOVER:02d}:00 rollover (the log carries no time zone)."
    )


def notes(nightly) -> str:
    verdict = "kept" if nightly.kept else "refused"
    return (
        f"The nightly decision on this log: candidate {verdict} ({nightly.reason}; "
        f"log loss {nightly.before.log_loss:.4f} → {nightly.after.log_loss:.4f}). "
        "Ratios below 1 are better than the defaults. Times are single runs: the nightly fit's "
        "covers building items, fitting and the held-out decision; Anki's covers its optimizer "
        "call on the seeded collection."
    )


def anki_fit(train: dict[int, list[Review]]) -> tuple[list[float], int, float]:
    """Anki's optimizer on a throwaway collection holding the training answers."""
    import anki.collection  # noqa: F401 - must be imported before the rest of anki
    from anki.collection import Collection

    with process_time_zone(TIME_ZONE), tempfile.TemporaryDirectory() as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        try:
            seed_revlog(col, train)
            started = time.perf_counter()
            response = col._backend.compute_fsrs_params(
                search="",
                current_params=[],
                ignore_revlogs_before_ms=0,
                num_of_relearning_steps=1,
                health_check=False,
            )
            seconds = time.perf_counter() - started
        finally:
            col.close()
    return list(response.params), response.fsrs_items, seconds


def seed_revlog(col, train: dict[int, list[Review]]) -> None:
    """One Basic note per card and one revlog row per answer, typed as Anki would type them."""
    deck_id = col.decks.id("Benchmark")
    model = col.models.by_name("Basic")
    rows, used_ids = [], set()
    for card, reviews in train.items():
        if not reviews:
            continue
        note = col.new_note(model)
        note["Front"], note["Back"] = str(card), "-"
        col.add_note(note, deck_id)
        card_id = note.cards()[0].id
        for review, kind in zip(reviews, revlog_kinds(reviews), strict=True):
            revlog_id = int(review.reviewed_at.timestamp() * 1000)
            while revlog_id in used_ids:
                revlog_id += 1
            used_ids.add(revlog_id)
            rows.append((revlog_id, card_id, -1, review.rating, 1, 0, 0, review.duration_ms, kind))
    col.db.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def revlog_kinds(reviews: list[Review]) -> list[int]:
    """Learning on the card's first day, relearning on a lapse's day, review otherwise."""
    days = [anki_day(r.reviewed_at, time_zone=TIME_ZONE, rollover_hour=ROLLOVER) for r in reviews]
    kinds, lapse_day = [], None
    for review, day in zip(reviews, days, strict=True):
        if day == days[0]:
            kinds.append(ReviewKind.LEARNING)
        elif day == lapse_day:
            kinds.append(ReviewKind.RELEARNING)
        else:
            kinds.append(ReviewKind.REVIEW)
            lapse_day = day if review.rating == 1 else None
    return [int(kind) for kind in kinds]


@contextmanager
def process_time_zone(name: str):
    """Anki's backend counts days in the process's time zone, which its clock library
    rereads at most once a second: wait that out so the collection opened next counts
    this zone's days."""
    previous = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    time.sleep(1.1)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = previous
        time.tzset()

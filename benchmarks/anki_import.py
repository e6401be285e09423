"""Reading an uploaded Anki package of 100,000 reviews: Saebom's reader
(progress.anki.package.read_package, with every defence and type check) against
the bare floor of unzipping, decompressing and fetching every note, card and review
row with sqlite3 from the same file. The package is built once with the `anki` library
(reviews inserted straight into the revlog, then exported with scheduling) before
anything is timed; each measurement runs in a fresh process, so its peak memory
is its own.

The full import (read, map notes to words, record the review logs, replay every
touched card) runs in a child process on a throwaway PostgreSQL database
(DATABASE_URL, or the local server) that another child built just before by
migrations, with the deck's 1,000 words in it, so the importing process's peak
memory is the import's, not the migrations'; it drops the database after. Its
anchor is Anki's own import of the same package into a new collection, with FSRS
switched on for the deck as Anki's deck options do, which computes every card's
memory state (the `anki` library, in a child process of its own).

The sides run interleaved, trial by trial, and every ratio is taken within one
trial: the report gives the median and the spread."""

import json
import shutil
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from statistics import median

from . import import_storage, report
from .report import Section, database_label, high_water_kib, interleaved, spread

WORDS = 1_000
REVIEWS = 100_000
DECK = "Saebom::Benchmark"
VARIANTS = {
    "saebom": "Saebom (read_package)",
    "floor": "unzip + inflate + fetch every row (floor)",
}
FULL = "full import: read + map + record + replay"
ANKI = "Anki's own import, memory states computed"
STORE = "the database's part alone: insert the cards, COPY the logs, update the cards, commit"
READ_TRIALS = 5
IMPORT_TRIALS = 3
BENCH_DATABASE = "saebom_bench_anki_import"


# One statement: the anki library's executemany costs about a millisecond a row.
REVLOG_SQL = """insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)
with recursive n(i) as (select 0 union all select i + 1 from n where i < ? - 1),
c(id, k) as (select id, row_number() over (order by id) - 1 from cards)
select 1700000000000 + i * 60000, c.id, -1, 1 + i % 4, i % 30, 0, 2500, 6000, 1
from n join c on c.k = i % (select count(*) from cards)"""


def build_package(folder: Path, legacy: bool) -> Path:
    """A Saebom deck studied for REVIEWS answers, exported by Anki with scheduling."""
    import anki.collection
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    col = anki.collection.Collection(str(folder / "collection.anki2"))
    import_saebom_deck(col, folder)
    col.db.execute(REVLOG_SQL, REVIEWS)
    # The cards are in review, as the answers say: Anki computes memory states only
    # for cards that are not new.
    col.db.execute("update cards set type = 2, queue = 2, ivl = 30, due = 100, reps = 50")
    path = folder / ("legacy.apkg" if legacy else "modern.apkg")
    col.export_anki_package(
        out_path=str(path),
        limit=DeckIdLimit(col.decks.id_for_name(DECK)),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=False, legacy=legacy
        ),
    )
    col.close()
    return path


def import_saebom_deck(col, folder: Path) -> None:
    """Saebom's deck of WORDS words, built by the project's exporter, into Anki."""
    from anki import import_export_pb2 as ie

    from progress.anki.export import ExportDeck, ExportNote
    from progress.anki.export import build_package as build_deck

    notes = [
        ExportNote(f"00000000-0000-4000-8000-{n:012d}", f"word {n}", korean_north=f"낱말 {n}")
        for n in range(WORDS)
    ]
    deck = folder / "deck.apkg"
    deck.write_bytes(build_deck([ExportDeck(DECK, notes)], timestamp=1_700_000_000))
    col.import_anki_package(
        ie.ImportAnkiPackageRequest(
            package_path=str(deck), options=ie.ImportAnkiPackageOptions(with_scheduling=False)
        )
    )


def read_saebom(path: Path) -> int:
    from progress.anki.package import read_package

    return len(read_package(path).revlog)


def read_floor(path: Path) -> int:
    import zstandard

    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "collection"
        modern = "collection.anki21b" in archive.namelist()
        member = "collection.anki21b" if modern else "collection.anki21"
        with archive.open(member) as source, open(target, "wb") as out:
            if modern:
                zstandard.ZstdDecompressor().copy_stream(source, out)
            else:
                shutil.copyfileobj(source, out)
        db = sqlite3.connect(target)
        db.execute("select * from notes").fetchall()
        db.execute("select * from cards").fetchall()
        count = len(db.execute("select * from revlog").fetchall())
        db.close()
    return count


def import_anki(path: Path) -> dict:
    """In the child: Anki imports the package into a new collection with its
    scheduling, and FSRS is switched on for the deck (computing memory states)."""
    import anki.collection
    from anki import import_export_pb2 as ie

    from tests.support.anki_collection import switch_on_fsrs

    with tempfile.TemporaryDirectory() as folder:
        col = anki.collection.Collection(str(Path(folder) / "collection.anki2"))
        before = high_water_kib()
        start = time.perf_counter()
        col.import_anki_package(
            ie.ImportAnkiPackageRequest(
                package_path=str(path),
                options=ie.ImportAnkiPackageOptions(with_scheduling=True),
            )
        )
        switch_on_fsrs(col, col.decks.id_for_name(DECK))
        seconds = time.perf_counter() - start
        peak = high_water_kib()
        rows = col.db.scalar("select count(*) from revlog")
        states = col.db.scalar("select count(*) from cards where data like '%\"s\"%'")
        col.close()
    assert states == 2 * WORDS, states
    return {"seconds": seconds, "peak_kib": peak, "growth_kib": peak - before, "rows": rows}


def build_database() -> dict:
    """In a child of its own: a new database built by migrations, holding the deck's
    words and a learner, for the next full import. Migrating loads every model
    and migration module, so it is kept out of the process whose memory is measured."""
    import uuid

    import django

    django.setup()
    from django.db import connection

    from lessons.models import VocabularyItem
    from tests.factories.accounts import learner

    connection.settings_dict["TEST"]["NAME"] = BENCH_DATABASE
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    user = learner(time_zone="Asia/Seoul")
    VocabularyItem.objects.bulk_create(
        VocabularyItem(uuid=uuid.UUID(f"00000000-0000-4000-8000-{n:012d}"),
                       headword=f"word {n}", part_of_speech="noun", cefr_level="A1",
                       gloss_nk="낱말", gloss_sk="단어")
        for n in range(WORDS)
    )  # fmt: skip
    return {"learner": user.pk}


def import_full(path: Path, learner_id: int) -> dict:
    """In the child: time the whole import into the database `build_database` left,
    then drop that database."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from progress.anki.importing import import_reviews
    from progress.anki.package import read_package

    connection.settings_dict["NAME"] = BENCH_DATABASE
    user = get_user_model().objects.get(pk=learner_id)
    before = high_water_kib()
    start = time.perf_counter()
    result = import_reviews(learner=user, contents=read_package(path), now=timezone.now())
    seconds = time.perf_counter() - start
    peak = high_water_kib()
    database = database_label(connection)
    connection.close()
    connection.creation.destroy_test_db(BENCH_DATABASE, verbosity=0, keepdb=False)
    assert result.cards_replayed == 2 * WORDS, result
    return {"seconds": seconds, "peak_kib": peak, "growth_kib": peak - before,
            "rows": result.new_reviews, "database": database}  # fmt: skip


def measure(variant: str, path: str) -> dict:
    """Run in the child process: time one read and its memory high-water mark."""
    if variant == "database":
        return build_database()
    if variant.startswith("full:"):
        return import_full(Path(path), int(variant.removeprefix("full:")))
    if variant.startswith("store:"):
        return import_storage.store(Path(path), int(variant.removeprefix("store:")))
    if variant == "anki":
        return import_anki(Path(path))
    reader = {"saebom": read_saebom, "floor": read_floor}[variant]
    import zstandard  # noqa: F401 - both readers use it; its import is not part of a read

    import progress.anki.package  # noqa: F401

    before = high_water_kib()
    start = time.perf_counter()
    rows = reader(Path(path))
    seconds = time.perf_counter() - start
    peak = high_water_kib()
    return {"seconds": seconds, "peak_kib": peak, "growth_kib": peak - before, "rows": rows}


def in_child(variant: str, path: Path) -> dict:
    return report.in_child("benchmarks.anki_import", variant, str(path), postgres=True)


def import_side(variant: str, path: Path) -> dict:
    """One side of an import trial; Saebom's and the storage floor each first get a new
    database in a child of its own."""
    if variant == "anki":
        return in_child("anki", path)
    learner_id = in_child("database", path)["learner"]
    return in_child(f"{variant}:{learner_id}", path)


def rows_of(trials: list[dict], anchor: str, labels: dict, package: str, path: Path) -> list:
    rows = []
    for variant, label in labels.items():
        ratios = [t[variant]["seconds"] / t[anchor]["seconds"] for t in trials]
        memory = [t[variant]["peak_kib"] / t[anchor]["peak_kib"] for t in trials]
        rows.append(
            [
                package,
                label,
                f"{median(t[variant]['seconds'] for t in trials) * 1000:.0f} ms",
                spread(ratios),
                f"{median(t[variant]['peak_kib'] for t in trials) / 1024:.0f} MiB",
                spread(memory),
                f"{path.stat().st_size / 1024:.0f} KiB",
            ]
        )
    return rows


SUMMARY = (
    f"Reading an Anki package of {REVIEWS:,} reviews on {2 * WORDS:,} cards, "
    "exported by Anki with scheduling, modern (zstd) and legacy: "
    f"{READ_TRIALS} interleaved trials, each run in a fresh process; time is the "
    "read alone (the package is built before the clock starts). The full import "
    f"(into the database named above) against Anki's own import of the same modern "
    f"package with memory states computed: {IMPORT_TRIALS} interleaved trials. "
    "Every ratio (time, and peak memory) is taken within one trial: the median, "
    "and the lowest and highest."
)
NOTES = (
    "A reader's anchor is the floor, which inflates the collection and fetches "
    "every note, card and review row; Saebom's reader adds the zip and name "
    "checks, capped streaming inflation, the meta and media map, the schema check, "
    "a type check of every value and the rows as Python objects. The full import's "
    "anchor is Anki's import: the full import adds mapping notes to words, making "
    "the 2,000 cards, recording the review logs and replaying each card's 50 "
    "answers (FSRS in Rust, the last answer through py-fsrs, and a whole history "
    "through py-fsrs where Rust's 32-bit floats could round a due date otherwise); "
    "the logs are COPYed from a thread in batches as they are made, and checked "
    "against their cards as the COPY ends (once for the whole COPY: migration 0015), "
    "while the replay runs. The database's part alone is the floor under the full "
    "import on this database: the same 2,000 cards inserted by one statement, the same "
    "100,000 logs COPYed in binary with their ids, every card updated from a COPYed "
    "temporary table, committed, with each log's card checked by the same triggers "
    "(benchmarks/import_storage.py); it reads, maps and replays nothing, and does not "
    "overlap its work. The full import's time beyond it is Python that the "
    "overlap does not hide: reading, mapping notes to words and making the rows."
)


def run(args) -> Section:
    rows, database = [], "none"
    with tempfile.TemporaryDirectory() as tmp:
        for legacy in (False, True):
            package = "legacy .apkg" if legacy else "modern .apkg"
            folder = Path(tmp) / ("legacy" if legacy else "modern")
            folder.mkdir()
            path = build_package(folder, legacy)
            reads = interleaved(lambda v, p=path: in_child(v, p), list(VARIANTS), READ_TRIALS)
            assert {t[v]["rows"] for t in reads for v in VARIANTS} == {REVIEWS}, reads
            rows += rows_of(reads, "floor", VARIANTS, package, path)
            if not legacy:
                sides = {"full": FULL, "store": STORE, "anki": ANKI}
                imports = interleaved(
                    lambda v, p=path: import_side(v, p), list(sides), IMPORT_TRIALS
                )
                assert {t[v]["rows"] for t in imports for v in sides} == {REVIEWS}
                rows += rows_of(imports, "anki", sides, package, path)
                database = imports[0]["full"]["database"]
    return Section(
        title=f"Anki package import ({REVIEWS:,} reviews)",
        summary=SUMMARY,
        header=["package", "reader", "time", "vs anchor", "peak RSS", "RSS vs anchor", "file"],
        rows=rows,
        database=database,
        notes=NOTES,
    )


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], sys.argv[2])))

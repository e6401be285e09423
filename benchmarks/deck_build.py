"""Building a 5,000-note Anki deck: Saebom's exporter against bare genanki on the
same notes (the floor: the same note type and escaped fields through genanki's notes
and writer, deflated at the same level, written to disk as Saebom's package is) and
against Anki's own exporter (the `anki` library writing an .apkg from a collection
holding the same notes). Each variant runs in a fresh process, so its peak memory is
its own; the variants run interleaved, and each ratio is taken within one trial."""

import copy
import gc
import html
import io
import itertools
import json
import sqlite3
import sys
import tempfile
import time
import zipfile
from contextlib import closing
from pathlib import Path
from statistics import median

from . import report
from .report import Section, high_water_kib, interleaved, spread

NOTES = 5_000
TRIALS = 5
REPEATS = 7  # timed rounds per trial, after one warm-up build of each variant
DECK = "Saebom::Benchmark"
STAMP = 1_700_000_000
VARIANTS = {
    "saebom": "Saebom (progress.anki.export)",
    "genanki": "bare genanki (floor)",
    "anki": "Anki's own exporter",
}


def sample_notes(count: int = NOTES):
    from progress.anki.export import ExportNote

    return [
        ExportNote(
            word_id=f"00000000-0000-4000-8000-{n:012d}",
            english=f"word {n}",
            ipa="/wɝd/",
            korean_north=f"낱말 {n}",
            korean_south=f"단어 {n}",
            gap_note="남에서는 다른 말을 씁니다.",
            example=f"It's word {n} & more.",
            example_translation=f"이것은 낱말 {n}입니다.",
            topics=("daily",),
        )
        for n in range(count)
    ]


def build_saebom(notes, folder: Path) -> int:
    """Saebom's package, written to disk as a deck download stores it."""
    from progress.anki.export import ExportDeck, build_package

    data = build_package([ExportDeck(DECK, notes)], timestamp=STAMP)
    (folder / "saebom.apkg").write_bytes(data)
    return len(data)


def escaped_fields(n) -> list[str]:
    """The note's fields, HTML-escaped as every exporter of user text must."""
    esc = html.escape
    fields = [n.english, n.ipa, n.korean_north, n.korean_south, n.loanword, n.gap_note]
    fields += [n.example, n.example_translation]
    return [*map(esc, fields), "", esc(" ".join(n.topics)), esc(n.word_id)]


def floor_model():
    """The same note type, fields, templates and CSS, built once as a genanki user would."""
    import genanki

    from progress.anki.export import CSS, FIELDS, MODEL_ID, MODEL_NAME, TEMPLATES

    fields = [{"name": name} for name in FIELDS]
    templates = copy.deepcopy(TEMPLATES)
    return genanki.Model(MODEL_ID, MODEL_NAME, fields=fields, templates=templates, css=CSS)


def build_genanki(notes, folder: Path, model) -> int:
    """The floor: genanki's notes and writer on the same path — the collection in a
    database in memory, deflated at Saebom's level, the package written to disk."""
    import genanki

    from progress.anki.export import DEFLATE_LEVEL, deck_id

    deck = genanki.Deck(deck_id(DECK), DECK)
    for n in notes:
        guid = genanki.guid_for("saebom", "vocab", n.word_id)
        deck.add_note(genanki.Note(model, escaped_fields(n), n.english, guid=guid))
    with closing(sqlite3.connect(":memory:")) as db:
        ids = itertools.count(int(STAMP * 1000))
        genanki.Package(deck).write_to_db(db.cursor(), STAMP, ids)
        db.commit()
        collection = db.serialize()
    buffer = io.BytesIO()
    deflated = {"compression": zipfile.ZIP_DEFLATED, "compresslevel": DEFLATE_LEVEL}
    with zipfile.ZipFile(buffer, "w", **deflated) as package:
        package.writestr("collection.anki2", collection)
        package.writestr("media", "{}")
    data = buffer.getvalue()
    (folder / "genanki.apkg").write_bytes(data)
    return len(data)


def prepare_anki(notes, folder: Path):
    """An Anki collection holding the same notes, outside the timed part."""
    import anki.collection

    from progress.anki.export import CSS, FIELDS, MODEL_NAME, TEMPLATES

    col = anki.collection.Collection(str(folder / "collection.anki2"))
    model = col.models.new(MODEL_NAME)
    model["css"] = CSS
    for name in FIELDS:
        col.models.add_field(model, col.models.new_field(name))
    for spec in TEMPLATES:
        template = col.models.new_template(spec["name"])
        template["qfmt"], template["afmt"] = spec["qfmt"], spec["afmt"]
        col.models.add_template(model, template)
    col.models.add(model)
    deck_id = col.decks.id("Saebom::Benchmark")
    for n in notes:
        note = col.new_note(col.models.by_name(MODEL_NAME))
        for i, value in enumerate(escaped_fields(n)):
            note.fields[i] = value
        col.add_note(note, deck_id)
    return col, deck_id


def export_anki(prepared, folder: Path) -> int:
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    col, deck_id = prepared
    path = folder / "anki.apkg"
    col.export_anki_package(
        out_path=str(path),
        limit=DeckIdLimit(deck_id),
        options=ExportAnkiPackageOptions(
            with_scheduling=False, with_deck_configs=False, with_media=True, legacy=False
        ),
    )
    return path.stat().st_size


def builder(variant: str, notes, folder: Path):
    """A function that builds the variant's package into a folder, all set-up done."""
    folder.mkdir()
    if variant == "anki":
        prepared = prepare_anki(notes, folder)
        return lambda out: export_anki(prepared, out)
    if variant == "genanki":
        model = floor_model()
        return lambda out: build_genanki(notes, out, model)
    return lambda out: build_saebom(notes, out)


def timed(build, folder: Path) -> dict:
    """One build into a fresh folder, after a full garbage collection."""
    folder.mkdir()
    gc.collect()
    start = time.perf_counter()
    size = build(folder)
    return {"seconds": time.perf_counter() - start, "bytes": size}


def time_trial() -> dict:
    """Run in a child process: every variant built once untimed (warm-up), then
    REPEATS rounds in which each builds once, the order turning from round to round.
    Each ratio to genanki is taken within a round; the trial reports their median."""
    import django

    django.setup()
    notes, runs = sample_notes(), itertools.count()
    with tempfile.TemporaryDirectory() as tmp:
        builds = {variant: builder(variant, notes, Path(tmp, variant)) for variant in VARIANTS}

        def once(variant: str) -> dict:
            return timed(builds[variant], Path(tmp, f"run{next(runs)}"))

        for variant in VARIANTS:
            once(variant)
        rounds = interleaved(once, list(VARIANTS), REPEATS)
    return {
        variant: {
            "seconds": median(r[variant]["seconds"] for r in rounds),
            "ratio": median(r[variant]["seconds"] / r["genanki"]["seconds"] for r in rounds),
            "bytes": rounds[-1][variant]["bytes"],
        }
        for variant in VARIANTS
    }


def peak_memory(variant: str) -> dict:
    """Run in a fresh child process: one build, and the process's memory high-water mark."""
    import django

    django.setup()
    with tempfile.TemporaryDirectory() as tmp:
        timed(builder(variant, sample_notes(), Path(tmp, "set-up")), Path(tmp, "out"))
    return {"peak_kib": high_water_kib()}


def in_child(job: str) -> dict:
    return report.in_child("benchmarks.deck_build", job)


def row(variant: str, trials: list[dict], memory: dict) -> list[str]:
    """A builder's line: median time, time and size ratios (median and spread), memory."""
    seconds = [t[variant]["seconds"] for t in trials]
    sizes = [t[variant]["bytes"] / t["anki"]["bytes"] for t in trials]
    return [
        VARIANTS[variant],
        f"{median(seconds) * 1000:.0f} ms",
        spread([t[variant]["ratio"] for t in trials]),
        f"{memory['peak_kib'] / 1024:.0f} MiB",
        f"{trials[-1][variant]['bytes'] / 1024:.0f} KiB",
        spread(sizes),
    ]


def run(args) -> Section:
    trials = [in_child("trial") for _ in range(TRIALS)]
    memory = {variant: in_child(variant) for variant in VARIANTS}
    return Section(
        title="Anki deck build (5,000 notes)",
        summary=(
            f"Writing one deck of {NOTES:,} vocabulary notes (two card templates each) "
            f"into a package on disk. {TRIALS} trials, each in a fresh process: every variant "
            f"built once untimed, then {REPEATS} rounds in which each builds once, in an order "
            "turning from round to round, after a full garbage collection (Anki's collection "
            "is filled before the clock starts). A ratio is taken within each round; a trial "
            "gives the median of its rounds, and the table the median of the trials with "
            "their lowest and highest. Peak memory is one build's, in a process of its own."
        ),
        header=["builder", "time", "vs genanki", "peak RSS", "package", "size vs Anki's"],
        rows=[row(variant, trials, memory[variant]) for variant in VARIANTS],
        notes=(
            "Both Saebom and the genanki floor escape every field, keep the collection in "
            "a database in memory, deflate it at the same level and write the package to "
            "disk; the floor runs genanki's notes and writer (a statement per note and per "
            "card), Saebom writes genanki's rows in bulk. Anki's exporter writes the modern "
            "zstd-compressed format from its Rust backend. No note carries audio."
        ),
    )


if __name__ == "__main__":
    job = sys.argv[1]
    print(json.dumps(time_trial() if job == "trial" else peak_memory(job)))

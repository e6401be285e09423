"""Building a 5,000-note Anki deck: Saebom's exporter against bare genanki on the
same notes (the floor: genanki's collection, deflated into a package as Saebom's is,
with no escaping and no media handling) and against Anki's own exporter (the `anki`
library writing an .apkg from a collection holding the same notes). Each variant
runs in a fresh process, so its peak memory is its own; the variants run
interleaved, and each ratio is taken within one trial."""

import itertools
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from statistics import median

from .report import Section, high_water_kib, interleaved, spread

NOTES = 5_000
TRIALS = 5
VARIANTS = {
    "saebom": "Saebom (progress.anki.export)",
    "genanki": "bare genanki (floor)",
    "anki": "Anki's own exporter",
}


def sample_notes():
    from progress.anki.export import ExportNote

    return [
        ExportNote(
            word_id=f"00000000-0000-4000-8000-{n:012d}",
            english=f"word {n}",
            ipa="/wɝd/",
            korean_north=f"낱말 {n}",
            korean_south=f"단어 {n}",
            gap_note="남에서는 다른 말을 씁니다.",
            example=f"This is word {n}.",
            example_translation=f"이것은 낱말 {n}입니다.",
            topics=("daily",),
        )
        for n in range(NOTES)
    ]


def build_saebom(notes, folder: Path) -> int:
    from progress.anki.export import ExportDeck, build_package

    data = build_package([ExportDeck("Saebom::Benchmark", notes)], timestamp=1_700_000_000)
    return len(data)


def raw_fields(n) -> list[str]:
    """The note's fields as they are, without Saebom's escaping (the floor)."""
    return [
        n.english,
        n.ipa,
        n.korean_north,
        n.korean_south,
        n.loanword,
        n.gap_note,
        n.example,
        n.example_translation,
        "",
        " ".join(n.topics),
        n.word_id,
    ]


def build_genanki(notes, folder: Path) -> int:
    import genanki

    from progress.anki.export import FIELDS, MODEL_ID, TEMPLATES, note_guid

    model = genanki.Model(
        MODEL_ID, "bench", fields=[{"name": f} for f in FIELDS], templates=TEMPLATES
    )
    deck = genanki.Deck(2_000_000_000, "Saebom::Benchmark")
    for n in notes:
        deck.add_note(genanki.Note(model=model, fields=raw_fields(n), guid=note_guid(n.word_id)))
    collection = folder / "collection.anki2"
    db = sqlite3.connect(collection)
    genanki.Package(deck).write_to_db(db.cursor(), 1_700_000_000, itertools.count(1))
    db.commit()
    db.close()
    path = folder / "genanki.apkg"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.write(collection, "collection.anki2")
        package.writestr("media", "{}")
    return path.stat().st_size


def prepare_anki(notes, folder: Path):
    """An Anki collection holding the same notes, outside the timed part."""
    import anki.collection

    from progress.anki.export import FIELDS, TEMPLATES

    col = anki.collection.Collection(str(folder / "collection.anki2"))
    model = col.models.new("Saebom vocabulary")
    for name in FIELDS:
        col.models.add_field(model, col.models.new_field(name))
    for spec in TEMPLATES:
        template = col.models.new_template(spec["name"])
        template["qfmt"], template["afmt"] = spec["qfmt"], spec["afmt"]
        col.models.add_template(model, template)
    col.models.add(model)
    deck_id = col.decks.id("Saebom::Benchmark")
    for n in notes:
        note = col.new_note(col.models.by_name("Saebom vocabulary"))
        for i, value in enumerate(raw_fields(n)):
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


def measure(variant: str) -> dict:
    """Run in the child process: time one build and read its memory high-water mark."""
    import django

    django.setup()
    notes = sample_notes()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepared = prepare_anki(notes, folder) if variant == "anki" else None
        before = high_water_kib()
        start = time.perf_counter()
        if variant == "anki":
            size = export_anki(prepared, folder)
        else:
            size = {"saebom": build_saebom, "genanki": build_genanki}[variant](notes, folder)
        seconds = time.perf_counter() - start
        peak = high_water_kib()
    return {"seconds": seconds, "peak_kib": peak, "growth_kib": peak - before, "bytes": size}


def measure_in_child(variant: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.deck_build", variant],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(args) -> Section:
    trials = interleaved(measure_in_child, list(VARIANTS), TRIALS)

    def row(variant: str) -> list[str]:
        seconds = [t[variant]["seconds"] for t in trials]
        ratios = [t[variant]["seconds"] / t["genanki"]["seconds"] for t in trials]
        sizes = [t[variant]["bytes"] / t["anki"]["bytes"] for t in trials]
        last = trials[-1][variant]
        return [
            VARIANTS[variant],
            f"{median(seconds) * 1000:.0f} ms",
            spread(ratios),
            f"{last['peak_kib'] / 1024:.0f} MiB",
            f"{last['bytes'] / 1024:.0f} KiB",
            spread(sizes),
        ]

    return Section(
        title="Anki deck build (5,000 notes)",
        summary=(
            f"Writing one deck of {NOTES:,} vocabulary notes (two card templates each). "
            f"{TRIALS} interleaved trials, each variant in a fresh process; time is the "
            "build alone (Anki's collection is filled before the clock starts). Ratios "
            "are taken within each trial: the median, and the lowest and highest."
        ),
        header=["builder", "time", "vs genanki", "peak RSS", "package", "size vs Anki's"],
        rows=[row(variant) for variant in VARIANTS],
        notes=(
            "Saebom's exporter adds HTML escaping, stable GUIDs and media handling on top "
            "of genanki, and deflates the collection as the floor does; Anki's exporter "
            "writes the modern zstd-compressed format from its Rust backend."
        ),
    )


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))

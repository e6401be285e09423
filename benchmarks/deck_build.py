"""Building a 5,000-note Anki deck: Saebom's exporter against bare genanki on the
same notes (the floor: no escaping, no media handling) and against Anki's own
exporter (the `anki` library writing an .apkg from a collection holding the same
notes). Each variant runs in a fresh process, so its peak memory is its own."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .report import Section, high_water_kib

NOTES = 5_000
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
    path = folder / "genanki.apkg"
    genanki.Package(deck).write_to_file(str(path), timestamp=1_700_000_000)
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


def run(args) -> Section:
    results = {}
    for variant in VARIANTS:
        best = None
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.deck_build", variant],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            best = result if best is None or result["seconds"] < best["seconds"] else best
        results[variant] = best
    floor = results["genanki"]["seconds"]
    rows = [
        [
            VARIANTS[v],
            f"{r['seconds'] * 1000:.0f} ms",
            f"{r['seconds'] / floor:.2f}×",
            f"{r['peak_kib'] / 1024:.0f} MiB",
            f"{r['growth_kib'] / 1024:.1f} MiB",
            f"{r['bytes'] / 1024:.0f} KiB",
        ]
        for v, r in results.items()
    ]
    return Section(
        title="Anki deck build (5,000 notes)",
        summary=(
            f"Writing one deck of {NOTES:,} vocabulary notes (two card templates each). "
            "Best of 3 runs, each in a fresh process; time is the build alone "
            "(Anki's collection is filled before the clock starts)."
        ),
        header=["builder", "time", "vs genanki", "peak RSS", "RSS growth", "package"],
        rows=rows,
        notes=(
            "Saebom's exporter adds HTML escaping, stable GUIDs, media handling and an "
            "in-memory package on top of genanki; Anki's exporter writes the modern "
            "zstd-compressed format from its Rust backend."
        ),
    )


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1])))

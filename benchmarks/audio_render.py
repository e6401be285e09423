"""Rendering the whole curriculum's audio with the real engine: Saebom's renderer
(`lessons.audio.rendering`: key lookups, synthesis, loudness, MP3, storage, one
row per file) against the engine's bare synthesis of the same texts (the floor:
float samples in memory, nothing encoded or kept). One child process with a
throwaway database built by migrations, filled by `load_curriculum`, media in a
temporary folder. Also: a second run over unchanged content (idempotence), and
the audio bytes a lesson page and a lesson deck carry."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .report import Section, database_label, high_water_kib

FLOOR_SAMPLE = 400  # texts; each at both speeds


def rendered_bytes(lessons) -> list[int]:
    """Per lesson, the bytes of every normal and slow file its page can play."""
    from lessons.audio.models import SpokenText
    from lessons.audio.texts import lesson_texts

    sizes = {(s.text, s.speed): s.size for s in SpokenText.objects.all()}
    per_lesson = []
    for lesson in lessons:
        texts = set(lesson_texts(lesson, lesson.vocabulary_items()))
        per_lesson.append(sum(size for (text, _), size in sizes.items() if text in texts))
    return per_lesson


def floor_seconds(texts: list[str]) -> float:
    """Bare synthesis of the same texts at both speeds, per item."""
    from lessons.audio import engine
    from lessons.audio.models import SPEEDS

    tts = engine.current_engine()._tts
    start = time.perf_counter()
    for text in texts:
        for speed in SPEEDS:
            tts(text, speed=speed, seed=0)
    return (time.perf_counter() - start) / (len(texts) * len(SPEEDS))


def measure() -> dict:
    """Run in the child process: build a database, load the curriculum, render it."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from content.loader import load_curriculum
    from lessons.audio import engine, rendering
    from lessons.audio.models import SpokenText
    from lessons.models import LessonPage
    from progress.anki.decks import lesson_deck

    setup_test_environment()
    settings.AUDIO_ENGINE = "lessons.audio.engine.HibariEngine"
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="saebom-audio-bench-")
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        load_curriculum(Path(settings.BASE_DIR) / "content" / "data")
        lessons = list(LessonPage.objects.live().order_by("path"))
        engine.current_engine()  # loaded before the clock, as a worker has it
        start = time.perf_counter()
        first = rendering.render_lessons(lessons)
        render = time.perf_counter() - start
        start = time.perf_counter()
        again = rendering.render_lessons(lessons)
        rerun = time.perf_counter() - start
        texts = sorted(set(SpokenText.objects.values_list("text", flat=True)))
        step = max(1, len(texts) // FLOOR_SAMPLE)
        floor = floor_seconds(texts[::step])
        decks = [len(lesson_deck(lesson).package()) for lesson in lessons]
        spoken = SpokenText.objects.all()
        result = {
            "lessons": len(lessons),
            "texts": len(texts),
            "rendered": first.rendered,
            "refused": len(first.refused),
            "again_rendered": again.rendered,
            "render_s": render,
            "rerun_s": rerun,
            "floor_item_s": floor,
            "floor_sample": len(texts[::step]),
            "audio_s": sum(s.duration_ms for s in spoken) / 1000,
            "audio_bytes": sum(s.size for s in spoken),
            "lesson_bytes": rendered_bytes(lessons),
            "deck_bytes": decks,
            "peak_kib": high_water_kib(),
            "database": database_label(connection),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return result


def kib(n: float) -> str:
    return f"{n / 1024:.0f} KiB"


def run(args) -> Section:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.audio_render"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    per_item = r["render_s"] / max(1, r["rendered"])
    rows = [
        [
            "Saebom renderer, first run",
            f"{r['render_s']:.1f} s",
            f"{per_item * 1000:.1f} ms",
            f"{per_item / r['floor_item_s']:.2f}×",
        ],
        [
            "bare synthesis, same engine (floor)",
            f"{r['floor_item_s'] * r['rendered']:.1f} s (projected)",
            f"{r['floor_item_s'] * 1000:.1f} ms",
            "1.00×",
        ],
        ["Saebom renderer, second run (nothing changed)", f"{r['rerun_s']:.2f} s", "—", "—"],
    ]
    lesson, deck = r["lesson_bytes"], r["deck_bytes"]
    return Section(
        title="Audio render (whole curriculum)",
        database=r["database"],
        summary=(
            f"Rendering every headword, example sentence, dialogue line and listening "
            f"exercise of the {r['lessons']} lessons loaded by `load_curriculum` "
            f"({r['texts']:,} distinct texts, {r['rendered']:,} files at normal and slow "
            f"speed, {r['refused']} refused) with hibari-tts in one process, one "
            f"onnxruntime thread (a Celery worker's share of the 2 cores), {r['database']}, "
            "media on local disk; the engine is loaded before the clock starts. The floor "
            f"is the engine's own call on a sample of {r['floor_sample']} of the texts at "
            "both speeds."
        ),
        header=["run", "time", "per file", "vs floor"],
        rows=rows,
        notes=(
            f"Audio: {r['audio_s'] / 60:.0f} minutes in {r['audio_bytes'] / 2**20:.1f} MiB "
            f"(48 kbit/s mono MP3). A lesson's audio (every file its page can play, none "
            f"loaded before a button is pressed): median {kib(statistics.median(lesson))}, "
            f"largest {kib(max(lesson))}. A lesson's Anki deck with its normal-speed media: "
            f"median {kib(statistics.median(deck))}, largest {kib(max(deck))}. The second "
            f"run rendered {r['again_rendered']} files: it only looks keys up. Peak memory "
            f"of the process {r['peak_kib'] / 1024:.0f} MiB. The renderer's cost over the "
            "floor is loudness scaling, MP3 encoding, writing the file and its row. One "
            "process uses one core: `make run`'s worker runs two, and publishing sends one "
            "task per lesson, so two lessons render at once (not measured here). The "
            "machine may be shared with other work; the ratio to the floor, measured in "
            "the same run, is the figure to compare."
        ),
    )


if __name__ == "__main__":
    print(json.dumps(measure()))  # noqa: T201

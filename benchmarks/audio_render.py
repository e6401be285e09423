"""Rendering the whole curriculum's audio with the real engine: Saebom's renderer
(`lessons.audio.rendering`: key lookups, synthesis, loudness, MP3, storage, one
row per file) against the engine's bare synthesis of the same texts (the floor:
float samples in memory, nothing encoded or kept). One child process with a
throwaway database built by migrations, filled by `load_curriculum`, media in a
temporary folder. Also: a second run over unchanged content (idempotence), and
the audio bytes a lesson page and a lesson deck carry."""

import json
import statistics
import tempfile
import time
from pathlib import Path

from .report import Section, database_label, high_water_kib, in_child, spread

FLOOR_SAMPLE = 400  # texts in all; each at both speeds


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


def floor_synthesis(texts: list[str]) -> tuple[float, float]:
    """Bare synthesis of the texts at both speeds: (seconds taken, seconds of audio)."""
    from lessons.audio import engine
    from lessons.audio.models import SPEEDS

    voice = engine.current_engine()
    samples = 0
    start = time.perf_counter()
    for text in texts:
        for speed in SPEEDS:
            samples += len(voice._tts(text, speed=speed, seed=0))
    return time.perf_counter() - start, samples / voice.sample_rate


def rendered_seconds(texts: list[str]) -> float:
    """Seconds of audio in the files of these texts."""
    from django.db.models import Sum

    from lessons.audio.models import SpokenText

    total = SpokenText.objects.filter(text__in=texts).aggregate(ms=Sum("duration_ms"))["ms"]
    return (total or 0) / 1000


def new_texts(lessons) -> list[list[str]]:
    """Per lesson, the texts no earlier lesson speaks: what rendering it adds."""
    from lessons.audio.texts import lesson_texts

    seen: set[str] = set()
    per_lesson = []
    for lesson in lessons:
        texts = list(dict.fromkeys(lesson_texts(lesson, lesson.vocabulary_items())))
        per_lesson.append([t for t in texts if t not in seen])
        seen.update(texts)
    return per_lesson


def render_trials(lessons) -> dict:
    """Lesson by lesson, Saebom's renderer and the floor on a sample of the same new
    texts take turns; each lesson's ratio is taken within its trial, as compute
    seconds per second of audio made (texts differ in length, the sample from the
    lesson's whole)."""
    from lessons.audio import rendering

    fresh = new_texts(lessons)
    step = max(1, sum(map(len, fresh)) // FLOOR_SAMPLE)
    totals = {"render_s": 0.0, "rendered": 0, "refused": 0, "floor_sample": 0}
    ratios, floor_files = [], []
    for n, (lesson, texts) in enumerate(zip(lessons, fresh, strict=True)):
        sample = texts[::step]
        sides = {
            "render": lambda lesson=lesson: timed(rendering.render_lessons, [lesson]),
            "floor": lambda sample=sample: floor_synthesis(sample) if sample else (0.0, 0.0),
        }
        order = ["render", "floor"] if n % 2 == 0 else ["floor", "render"]
        result = {side: sides[side]() for side in order}
        report, seconds = result["render"]
        totals["render_s"] += seconds
        totals["rendered"] += report.rendered
        totals["refused"] += len(report.refused)
        totals["floor_sample"] += len(sample)
        floor_s, floor_audio = result["floor"]
        if report.rendered and sample:
            ratios.append(seconds / rendered_seconds(texts) / (floor_s / floor_audio))
            floor_files.append(floor_s / (2 * len(sample)))
    return {**totals, "ratios": ratios, "floor_item_s": statistics.median(floor_files)}


def timed(function, *args):
    start = time.perf_counter()
    return function(*args), time.perf_counter() - start


def measure() -> dict:
    """Run in the child process: build a database, load the curriculum, render it."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from content.loader import load_curriculum
    from lessons.audio import engine

    setup_test_environment()
    settings.AUDIO_ENGINE = "lessons.audio.engine.HibariEngine"
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="saebom-audio-bench-")
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        load_curriculum(Path(settings.BASE_DIR) / "content" / "data")
        engine.current_engine()  # loaded before the clock, as a worker has it
        result = {**rendered_curriculum(), "database": database_label(connection)}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return result


def rendered_curriculum() -> dict:
    """Render every live lesson (trials), again (nothing to do), and weigh the result."""
    from lessons.audio import rendering
    from lessons.audio.models import SpokenText
    from lessons.models import LessonPage
    from progress.anki.decks import lesson_deck

    lessons = list(LessonPage.objects.live().order_by("path"))
    first = render_trials(lessons)
    again, rerun = timed(rendering.render_lessons, lessons)
    spoken = SpokenText.objects.all()
    return {
        **first,
        "lessons": len(lessons),
        "texts": spoken.values("text").distinct().count(),
        "again_rendered": again.rendered,
        "rerun_s": rerun,
        "audio_s": sum(s.duration_ms for s in spoken) / 1000,
        "audio_bytes": sum(s.size for s in spoken),
        "lesson_bytes": rendered_bytes(lessons),
        "deck_bytes": [len(lesson_deck(lesson).package()) for lesson in lessons],
        "peak_kib": high_water_kib(),
    }


def kib(n: float) -> str:
    return f"{n / 1024:.0f} KiB"


def run(args) -> Section:
    r = in_child("benchmarks.audio_render")
    return Section(
        title="Audio render (whole curriculum)",
        database=r["database"],
        summary=(
            f"Rendering every headword, example sentence, dialogue line and listening "
            f"exercise of the {r['lessons']} lessons loaded by `load_curriculum` "
            f"({r['texts']:,} distinct texts, {r['rendered']:,} files at normal and slow "
            f"speed, {r['refused']} refused) with hibari-tts in one process, one "
            f"onnxruntime thread (a Celery worker's share of the 2 cores), {r['database']}, "
            "media on local disk; the engine is loaded before the clock starts. Lesson by "
            "lesson, Saebom renders the texts no earlier lesson speaks, and the floor, the "
            "engine's own call, synthesizes a sample of the same texts at both speeds "
            f"({r['floor_sample']} texts in all); the two take turns, and each lesson's "
            "ratio is taken within its trial, as compute time per second of audio made "
            f"({len(r['ratios'])} lessons with new texts; median, lowest–highest)."
        ),
        header=["run", "time", "per file", "vs floor"],
        rows=rows(r),
        notes=notes(r),
    )


def rows(r: dict) -> list[list[str]]:
    per_item = r["render_s"] / max(1, r["rendered"])
    floor = r["floor_item_s"]
    return [
        ["Saebom renderer, first run", f"{r['render_s']:.1f} s", f"{per_item * 1000:.1f} ms",
         spread(r["ratios"])],
        ["bare synthesis, same engine (floor)", f"{floor * r['rendered']:.1f} s (projected)",
         f"{floor * 1000:.1f} ms (median of the lessons)", "1.00×"],
        ["Saebom renderer, second run (nothing changed)", f"{r['rerun_s']:.2f} s", "—", "—"],
    ]  # fmt: skip


def notes(r: dict) -> str:
    lesson, deck = r["lesson_bytes"], r["deck_bytes"]
    return (
        f"Audio: {r['audio_s'] / 60:.0f} minutes in {r['audio_bytes'] / 2**20:.1f} MiB "
        f"(48 kbit/s mono MP3). A lesson's audio (every file its page can play, none "
        f"loaded before a button is pressed): median {kib(statistics.median(lesson))}, "
        f"largest {kib(max(lesson))}. A lesson's Anki deck with its normal-speed media: "
        f"median {kib(statistics.median(deck))}, largest {kib(max(deck))}. The second "
        f"run rendered {r['again_rendered']} files: it only looks keys up. Peak memory "
        f"of the process {r['peak_kib'] / 1024:.0f} MiB. The renderer's cost over the "
        "floor is loudness scaling, MP3 encoding, writing the file and its row. One "
        "process uses one core: `make run`'s worker runs two, and publishing sends one "
        "task per lesson, so two lessons render at once (not measured here)."
    )


if __name__ == "__main__":
    print(json.dumps(measure()))  # noqa: T201

"""Rendering: every text a lesson speaks, turned into MP3 files once.

What a lesson speaks (`texts.lesson_texts`), at every speed in `SPEEDS`.

Rules: a text whose key (voice, speed, text) is already stored is skipped, so
running again renders only what changed; keys are looked up BATCH_SIZE at a
time and each file is written as soon as it is encoded, so memory stays
bounded by one batch of keys and one rendering; a text the engine refuses is
counted and skipped, never fatal; two workers racing on one text keep one row
and drop the loser's file.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from lessons.exceptions import AudioError
from lessons.models import LessonPage, LessonVocabulary

from . import engine
from .models import SPEEDS, SpokenText, clean_text, spoken_key
from .texts import lesson_texts

logger = logging.getLogger(__name__)

BATCH_SIZE = 100


@dataclass
class RenderReport:
    rendered: int = 0
    kept: int = 0
    refused: list[str] = field(default_factory=list)

    def __str__(self):
        return f"{self.rendered} rendered, {self.kept} already there, {len(self.refused)} refused"


def render_texts(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> RenderReport:
    voice = engine.voice()
    wanted = {
        spoken_key(text, voice=voice, speed=speed): (clean_text(text), speed)
        for text in texts
        for speed in SPEEDS
    }
    report = RenderReport()
    keys_in_order = list(wanted)
    for start in range(0, len(keys_in_order), batch_size):
        keys = keys_in_order[start : start + batch_size]
        stored = set(SpokenText.objects.filter(key__in=keys).values_list("key", flat=True))
        report.kept += len(stored)
        for key in keys:
            if key not in stored:
                _render_one(key, *wanted[key], voice=voice, report=report)
    return report


def _render_one(key: str, text: str, speed: float, *, voice: str, report: RenderReport) -> None:
    try:
        speech = engine.synthesize(text, speed=speed)
    except AudioError as error:
        logger.warning("not spoken: %r (%s)", text[:60], error)
        report.refused.append(text)
        return
    data = engine.encode_mp3(speech)
    spoken = SpokenText(key=key, text=text, voice=voice, speed=speed, size=len(data))
    spoken.duration_ms = round(speech.seconds * 1000)
    spoken.audio.save(f"{key}.mp3", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            spoken.save()
    except IntegrityError:
        spoken.audio.delete(save=False)  # another worker stored this key first
        report.kept += 1
        return
    report.rendered += 1


def render_lessons(lessons: Iterable[LessonPage]) -> RenderReport:
    """All texts of these lessons; a text shared by lessons is rendered once."""
    lessons = list(lessons)
    links = LessonVocabulary.objects.filter(page__in=lessons).select_related("item")
    items: dict[int, list] = {lesson.pk: [] for lesson in lessons}
    for link in links.order_by("page_id", "sort_order"):
        items[link.page_id].append(link.item)
    texts: dict[str, None] = {}
    for lesson in lessons:
        texts.update(dict.fromkeys(lesson_texts(lesson, items[lesson.pk])))
    return render_texts(texts)


def render_published_audio(*, lesson_id: int | None = None) -> RenderReport:
    """Render what the live lessons speak, or one live lesson."""
    lessons = LessonPage.objects.live()
    if lesson_id is not None:
        lessons = lessons.filter(pk=lesson_id)
    return render_lessons(lessons)

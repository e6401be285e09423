"""What a lesson speaks: each taught word's headword and example sentence,
each dialogue line, and the texts of its listening exercises (an exercise
module's optional `spoken_texts(value)`), spaces collapsed, once each, in page
order."""

from collections.abc import Iterable

from lessons.exercises import registry

from .models import clean_text


def lesson_texts(lesson, items: Iterable) -> list[str]:
    """Every text the lesson (teaching these vocabulary items) speaks, once each, in page order."""
    texts = []
    for item in items:
        texts += [item.headword, item.example_en]
    exercises = registry()
    for child in lesson.body:
        if child.block_type == "dialogue":
            texts += [line["en"] for line in child.value["lines"]]
        spoken = getattr(exercises.get(child.block_type), "spoken_texts", None)
        if spoken:
            texts += spoken(child.value)
    return list(dict.fromkeys(clean for text in texts if (clean := clean_text(text or ""))))

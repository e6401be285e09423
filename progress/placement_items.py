"""The placement test's questions, drawn from the curriculum as it is published.

Five kinds, each a choice among two to four options, so that a blind guess is right
one time in the number of options (the guessing floor of `progress.placement`):
- letter: a capital letter shown, its small letter to pick (the way into Pre-A1);
- word: an English word shown, its meaning to pick among meanings of words of the
  same level (vocabulary recognition across frequency bands);
- reading: an example sentence of a word, its Korean translation to pick;
- grammar: a multiple-choice exercise with one right option from the grammar course;
- listening: a listen-and-choose exercise of a lesson, played by the lesson's own
  speaker buttons (its recorded or rendered file, else the browser's speech).

Difficulty, on the logit scale of `progress.placement`: a word's is the mean of its
level's centre and a line through its English frequency (ZIPF_AT_A1 at the centre of
A1, ZIPF_SLOPE logits per zipf step; "the", zipf 7.7, is far easier than
"deductible", 2.6); a sentence's and an exercise's are their level's centre;
letters sit at LETTER_DIFFICULTY, the middle of Pre-A1. Everything is chosen and
ordered by hashes of stable ids, so one item is the same question on every request,
and the bank is rebuilt only when the published lessons or the vocabulary change.
"""

import hashlib
import string
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Count, Max

from wagtail.models import Page

from lessons.leveling import zipf
from lessons.models import GRAMMAR_COURSE_SLUG, LessonPage, VocabularyItem

from . import placement

ZIPF_AT_A1, ZIPF_SLOPE = 5.0, 1.5
LETTER_DIFFICULTY = placement.band_centre("A0")
WORDS_PER_LEVEL = 60  # enough for a long test at every level; fewer keeps the bank quick
CHOICES = 4
LEVEL_OF_ITEMS = {"A0": "A0", "A1": "A1", "A2": "A2", "B1": "B1", "B2": "B2", "C1": "B2"}


@dataclass(frozen=True)
class Question:
    item: placement.Item
    shown: str  # the English shown ("" for a listening question)
    choices: tuple[str, ...]  # in the order shown
    right: str
    choices_lang: str  # "en" or "ko"
    lesson_id: int | None = None  # a listening question's lesson and block, for its audio
    block_id: str = ""


def stable(*parts: str) -> int:
    return int.from_bytes(hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest())


def shuffled(item_id: str, choices) -> tuple[str, ...]:
    return tuple(sorted(choices, key=lambda choice: stable(item_id, choice)))


def word_difficulty(headword: str, level: str) -> float:
    by_frequency = -1.25 - ZIPF_SLOPE * (zipf(headword.lower()) - ZIPF_AT_A1)
    return round((placement.band_centre(level) + by_frequency) / 2, 3)


def meaning(item: VocabularyItem) -> str:
    """The Korean a learner recognises: the North's forms shown to learners, then the South's."""
    return ", ".join(dict.fromkeys([*item.north_forms_for_learners(), item.gloss_sk]))


def distractors(pool: list, index: int, right: str, text) -> list[str]:
    """The next items of the pool, in order, whose text differs from the right one's."""
    found: list[str] = []
    for step in range(1, len(pool)):
        candidate = text(pool[(index + step) % len(pool)])
        if candidate and candidate != right and candidate not in found:
            found.append(candidate)
        if len(found) == CHOICES - 1:
            break
    return found


def letter_questions() -> list[Question]:
    questions = []
    letters = string.ascii_uppercase
    for n, capital in enumerate(letters):
        right = capital.lower()
        wrong = [letters[(n + step) % 26].lower() for step in (3, 9, 17)]
        item_id = f"letter:{capital}"
        item = placement.Item(item_id, LETTER_DIFFICULTY, 1 / CHOICES, "letter")
        questions.append(Question(item, capital, shuffled(item_id, [right, *wrong]), right, "en"))
    return questions


def word_questions(items: list[VocabularyItem]) -> list[Question]:
    questions = []
    by_level: dict[str, list[VocabularyItem]] = {}
    for item in items:
        by_level.setdefault(LEVEL_OF_ITEMS[item.cefr_level], []).append(item)
    for level, pool in by_level.items():
        pool.sort(key=lambda item: stable(str(item.uuid)))
        for index, item in enumerate(pool[:WORDS_PER_LEVEL]):
            right = meaning(item)
            wrong = distractors(pool, index, right, meaning)
            if len(wrong) < CHOICES - 1:
                continue
            item_id = f"word:{item.uuid}"
            difficulty = word_difficulty(item.headword, level)
            rasch = placement.Item(item_id, difficulty, 1 / CHOICES, "word")
            choices = shuffled(item_id, [right, *wrong])
            questions.append(Question(rasch, item.headword, choices, right, "ko"))
        sentences = [item for item in pool if item.example_en and item.example_ko]
        for index, item in enumerate(sentences[:WORDS_PER_LEVEL]):
            right = item.example_ko
            wrong = distractors(sentences, index, right, lambda other: other.example_ko)
            if len(wrong) < CHOICES - 1:
                continue
            item_id = f"reading:{item.uuid}"
            rasch = placement.Item(item_id, placement.band_centre(level), 1 / CHOICES, "reading")
            choices = shuffled(item_id, [right, *wrong])
            questions.append(Question(rasch, item.example_en, choices, right, "ko"))
    return questions


def exercise_questions(lessons) -> list[Question]:
    """Grammar questions from the grammar course, listening ones from every lesson."""
    grammar_paths = [
        page.path for page in Page.objects.filter(slug=GRAMMAR_COURSE_SLUG).only("path")
    ]
    questions = []
    for lesson in lessons:
        in_grammar = any(lesson.path.startswith(path) for path in grammar_paths)
        for block in lesson.body:
            question = exercise_question(lesson, block, in_grammar=in_grammar)
            if question is not None:
                questions.append(question)
    return questions


def exercise_question(lesson, block, *, in_grammar: bool) -> Question | None:
    """A multiple-choice exercise of the grammar course with one right option among
    at most CHOICES different ones, or a listen-and-choose exercise; else None."""
    value = block.value
    if block.block_type == "multiple_choice" and in_grammar:
        texts = [choice["text"] for choice in value["choices"]]
        right = [choice["text"] for choice in value["choices"] if choice["correct"]]
        if len(right) != 1 or len(set(texts)) != len(texts) or len(texts) > CHOICES:
            return None
        kind, shown, choices, answer = "grammar", value["prompt"], texts, right[0]
    elif block.block_type == "listen_and_choose":
        kind, shown, choices, answer = "listening", "", list(value["choices"]), value["text"]
    else:
        return None
    item_id = f"exercise:{lesson.pk}:{block.id}"
    level = LEVEL_OF_ITEMS[lesson.cefr_level]
    item = placement.Item(item_id, placement.band_centre(level), 1 / len(choices), kind)
    return Question(
        item,
        shown,
        shuffled(item_id, choices),
        answer,
        "en",
        lesson_id=lesson.pk,
        block_id=block.id,
    )


def bank() -> dict[str, Question]:
    """Every question, by item id, for the curriculum as now published."""
    lessons = LessonPage.objects.live()
    stamp = (
        lessons.aggregate(n=Count("pk"), last=Max("last_published_at")),
        VocabularyItem.objects.aggregate(n=Count("pk"), last=Max("pk")),
    )
    return _bank(repr(stamp))


@lru_cache(maxsize=2)
def _bank(stamp: str) -> dict[str, Question]:
    items = list(
        VocabularyItem.objects.exclude(headword__contains=" ").only(
            "uuid",
            "headword",
            "cefr_level",
            "gloss_nk",
            "nk_status",
            "gloss_sk",
            "example_en",
            "example_ko",
        )
    )
    lessons = LessonPage.objects.live().only("pk", "path", "cefr_level", "body").order_by("path")
    questions = [*letter_questions(), *word_questions(items), *exercise_questions(lessons)]
    return {question.item.id: question for question in questions}

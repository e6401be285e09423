"""Checks over the curriculum in content/data: they fail on bad content.

Each failure lists "<file>: <problem>" lines. Only the last test touches the
database; the others read the files and use the pure checks.
"""

import random
from pathlib import Path

from django.urls import reverse

import pytest

from content import checks, reporting
from content.schema import GRAMMAR_COURSE, read_curriculum
from lessons import grading

DATA = Path(__file__).resolve().parents[2] / "content" / "data"
HTMX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def curriculum():
    return read_curriculum(DATA)


def assert_none(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_schema_is_valid(curriculum):
    assert curriculum.lessons(), f"no lessons under {DATA}"


def test_every_word_of_a_lesson_appears_in_its_text_or_exercises(curriculum):
    assert_none(checks.unused_words(curriculum))


def test_no_duplicate_headword_and_sense(curriculum):
    keys = [entry.key for entry in curriculum.vocabulary]
    assert len(keys) == len(set(keys))


def test_korean_fields_are_in_hangul(curriculum):
    assert_none(checks.korean_not_in_hangul(curriculum))


def test_lesson_words_are_at_most_one_level_above_the_lesson(curriculum):
    assert_none(checks.words_above_lesson_level(curriculum))


def test_each_lesson_is_within_the_leveling_thresholds(curriculum):
    assert_none(checks.leveling_problems(curriculum))


def test_every_exercise_key_grades_one(curriculum):
    assert_none(checks.keys_not_scoring_one(curriculum))


def test_vocabulary_totals_and_gap_types(curriculum):
    assert_none(checks.total_problems(curriculum))


def test_every_item_is_complete(curriculum):
    assert_none(checks.incomplete_items(curriculum))


def test_every_lesson_has_objectives_reading_words_and_exercises(curriculum):
    assert_none(checks.lesson_shape_problems(curriculum))


def test_lessons_of_courses_one_and_two_have_a_sound_trap_minimal_pair(curriculum):
    assert_none(checks.missing_minimal_pairs(curriculum))


def test_the_curriculum_has_at_least_90_lessons_and_about_40_hours_of_study(curriculum):
    minutes = reporting.study_minutes(curriculum)
    assert len(curriculum.lessons()) >= 90
    assert sum(in_lesson for in_lesson, _reviews in minutes.values()) / 60 >= 38


def test_lessons_of_courses_one_to_three_name_a_grammar_point(curriculum):
    assert_none(checks.missing_grammar_points(curriculum))


def test_the_grammar_course_has_a_lesson_for_each_point_from_a1_to_b1(curriculum):
    grammar = next(c for c in curriculum.courses if c.data["slug"] == GRAMMAR_COURSE)
    levels = [lesson.data["cefr"] for lesson in grammar.lessons]
    assert len(levels) >= 22
    assert levels == sorted(levels), "grammar lessons go from A1 to B1 in order"
    assert set(levels) == {"A1", "A2", "B1"}


def test_every_minimal_pair_differs_by_its_contrast_only(curriculum):
    assert_none(checks.false_minimal_pairs(curriculum))


def answer_form(block_type: str, answer: dict) -> dict:
    """The form fields a learner posts to give this answer."""
    if block_type == "gap_fill":
        return {f"blank-{i}": blank for i, blank in enumerate(answer["blanks"])}
    if block_type == "matching":
        return {f"match-{i}": str(j) for i, j in enumerate(answer["matches"])}
    if block_type == "multiple_choice":
        return {"choice": [str(i) for i in answer["choices"]]}
    return {key: str(item) for key, item in answer.items()}


@pytest.mark.django_db
def test_the_whole_curriculum_loads_into_the_database(curriculum, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    from content.loader import load_curriculum
    from lessons.models import LessonGrammarPoint, LessonPage, VocabularyItem

    report = load_curriculum(DATA)

    assert LessonPage.objects.count() == len(curriculum.lessons())
    named = sum(len(lesson.data["grammar"]) for _course, lesson in curriculum.lessons())
    assert LessonGrammarPoint.objects.count() == named > 0
    assert VocabularyItem.objects.count() == len(curriculum.vocabulary)
    assert report.counts["lesson"]["created"] == len(curriculum.lessons())
    # Every published lesson renders, and every exercise on it takes its key, and each
    # other accepted answer, as a right answer.
    for lesson in LessonPage.objects.live().specific():
        assert client.get(lesson.url).status_code == 200, lesson.slug
        for block in lesson.exercise_blocks():
            url = reverse("progress:answer_exercise", args=[lesson.pk, block.id])
            for answer in grading.accepted_answers(block.block_type, block.value):
                form = answer_form(block.block_type, answer)
                response = client.post(url, form, headers=HTMX)
                assert response.status_code == 200, (lesson.slug, block.block_type)
                assert response.context["grade"].correct, (lesson.slug, answer)
    # The placement test's bank, drawn from this curriculum, asks every kind of
    # question and places simulated learners of known level within one of their own.
    from progress import placement_items
    from tests.progress.test_placement import assert_recovers_levels

    placement_items._bank.cache_clear()
    items = [question.item for question in placement_items.bank().values()]
    assert {"letter", "word", "reading", "grammar", "listening"} <= {i.kind for i in items}
    assert_recovers_levels(items, random.Random(19))

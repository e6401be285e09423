"""content.schema: forms whose choices come from the models, and exercise rules
shared with the blocks. Reads files only, so no database."""

import shutil
from pathlib import Path

from django.core.exceptions import ValidationError

import pytest
import yaml

from content.exceptions import ContentError
from content.schema import CourseForm, LessonForm, VocabularyItemForm, block_forms, read_curriculum
from courses.models import CoursePage
from lessons.blocks import LessonStreamBlock
from lessons.exercises import exercise_types
from lessons.models import LessonPage, VocabularyItem

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "sample"
SHOP = "courses/01-sample-course/lessons/02-at-the-shop.yaml"
STREAM = LessonStreamBlock()


@pytest.mark.parametrize(
    ("form", "field", "model", "model_field"),
    [
        (VocabularyItemForm, "pos", VocabularyItem, "part_of_speech"),
        (VocabularyItemForm, "gap_type", VocabularyItem, "gap_type"),
        (VocabularyItemForm, "cefr", VocabularyItem, "cefr_level"),
        (LessonForm, "cefr", LessonPage, "cefr_level"),
        (CourseForm, "cefr_min", CoursePage, "cefr_min"),
    ],
)
def test_choices_are_the_models_choices(form, field, model, model_field):
    assert list(form.base_fields[field].choices) == model._meta.get_field(model_field).choices


def test_every_block_type_of_the_stream_has_a_form():
    assert set(block_forms()) == set(STREAM.child_blocks)


def test_an_exercise_form_has_its_blocks_fields():
    for name in exercise_types():
        fields = set(block_forms()[name].base_fields)
        assert fields == {"type", "id", *STREAM.child_blocks[name].child_blocks}, name


BAD = [
    # (type, entry as written in a lesson file, field the rule names)
    ("gap_fill", {"prompt": "?", "text": "No blank here."}, "text"),
    ("gap_fill", {"prompt": "?", "text": "A blank [[ | ]] with no answer."}, "text"),
    (
        "multiple_choice",
        {"prompt": "?", "choices": [{"text": "a", "correct": False}, {"text": "b"}]},
        "choices",
    ),
    (
        "minimal_pair",
        {"prompt": "?", "words": ["fan", "pan"], "answer": "van", "contrast": "f/p"},
        "answer",
    ),
    (
        "minimal_pair",
        {"prompt": "?", "words": ["fan", "fan"], "answer": "fan", "contrast": "f/p"},
        "words",
    ),
    (
        "listen_and_choose",
        {"prompt": "?", "text": "The bus is gone.", "choices": ["The bus is late.", "It is."]},
        "text",
    ),
    (
        "listen_and_choose",
        {"prompt": "?", "text": "late", "choices": ["late", "Late."]},
        "choices",
    ),
    (
        "word_order",
        {
            "prompt": "?",
            "sentence": "I went home.",
            "alternatives": ["Home I went.", "I went out."],
        },
        "alternatives",
    ),
    (
        "writing",
        {"prompt": "?", "task": "email", "min_words": 30, "max_words": 20},
        "min_words",
    ),
    (
        "writing",
        {
            "prompt": "?",
            "task": "email",
            "model_answer": "Too short.",
            "min_words": 5,
            "max_words": 20,
        },
        "model_answer",
    ),
]


def block_messages(kind: str, entry: dict) -> list[str]:
    block = STREAM.child_blocks[kind]
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(entry))
    found = error.value.block_errors
    assert len(found) == 1
    (problem,) = found.values()
    if hasattr(problem, "block_errors"):
        return [m for e in problem.block_errors.values() for m in e.messages]
    return problem.messages


def lesson_with(tmp_path: Path, kind: str, entry: dict) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    path = root / SHOP
    text = path.read_text(encoding="utf-8")
    yaml_entry = repr({"type": kind, **entry}).replace("False", "false")
    path.write_text(text.replace("body:\n", f"body:\n  - {yaml_entry}\n", 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(("kind", "entry", "field"), BAD, ids=lambda v: str(v)[:20])
def test_the_block_and_the_schema_refuse_the_same_entry_with_the_same_rule(
    tmp_path, kind, entry, field
):
    messages = block_messages(kind, entry)
    with pytest.raises(ContentError) as caught:
        read_curriculum(lesson_with(tmp_path, kind, entry))
    where, _, problem = str(caught.value).partition(": body[0].")
    assert where == str(tmp_path / "sample" / SHOP)
    assert problem.startswith(field)
    assert any(message in problem for message in messages), (messages, problem)


def test_a_text_field_given_a_number_asks_for_quotes(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    path = root / SHOP
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: 10 #", 1))
    with pytest.raises(ContentError, match=r"02-at-the-shop.yaml: title: must be text, not int"):
        read_curriculum(root)


def test_a_course_may_split_its_vocabulary_into_a_folder_of_files(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    course = root / "courses" / "01-sample-course"
    whole = course / "vocabulary.yaml"
    items = yaml.safe_load(whole.read_text(encoding="utf-8"))
    (course / "vocabulary").mkdir()
    (course / "vocabulary" / "01-first.yaml").write_text(yaml.safe_dump(items[:3]), "utf-8")
    (course / "vocabulary" / "02-rest.yaml").write_text(yaml.safe_dump(items[3:]), "utf-8")
    whole.unlink()

    entries = read_curriculum(root).vocabulary

    assert [entry.data["headword"] for entry in entries] == [item["headword"] for item in items]
    assert entries[3].path == course / "vocabulary" / "02-rest.yaml"
    assert entries[3].index == 0


def test_an_item_defined_in_two_vocabulary_files_is_refused(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    course = root / "courses" / "01-sample-course"
    items = yaml.safe_load((course / "vocabulary.yaml").read_text(encoding="utf-8"))
    (course / "vocabulary").mkdir()
    (course / "vocabulary" / "extra.yaml").write_text(yaml.safe_dump(items[:1]), "utf-8")

    with pytest.raises(ContentError, match=r"vocabulary/extra.yaml"):
        read_curriculum(root)


@pytest.mark.parametrize("choices", [["late"], ["late", "a", "b", "c", "d"]])
def test_a_listen_and_choose_needs_two_to_four_choices(tmp_path, choices):
    entry = {"prompt": "?", "text": "late", "choices": choices}
    with pytest.raises(ContentError) as caught:
        read_curriculum(lesson_with(tmp_path, "listen_and_choose", entry))
    assert ": body[0].choices" in str(caught.value)


@pytest.mark.parametrize("limit", ["ten", 0, 301])
def test_a_writing_word_limit_must_be_a_whole_number_within_bounds(tmp_path, limit):
    entry = {"prompt": "?", "task": "email", "min_words": 1, "max_words": limit}
    with pytest.raises(ContentError, match=r"body\[0\]\.max_words"):
        read_curriculum(lesson_with(tmp_path, "writing", entry))


def test_a_writing_block_reads_its_limits_as_numbers(tmp_path):
    entry = {"prompt": "Write.", "task": "resume_line", "min_words": 3, "max_words": 9}
    curriculum = read_curriculum(lesson_with(tmp_path, "writing", entry))
    lesson = next(
        lesson for _course, lesson in curriculum.lessons() if lesson.path.name == Path(SHOP).name
    )
    kind, block = lesson.blocks()[0]
    assert (kind, block["min_words"], block["max_words"], block["task"]) == (
        "writing",
        3,
        9,
        "resume_line",
    )

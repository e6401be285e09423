"""Reading and checking the curriculum files (content/README.md), with no database.

`read_curriculum(root)` parses every file under `root/courses/` with
`yaml.safe_load`, checks it against the schema and returns plain dataclasses,
or raises `ContentError("<file>: <field path>: <problem>")` at the first
problem. Invariants of a returned `Curriculum`: course and lesson slugs are
unique; (headword, sense) is unique; every word a lesson names exists in some
vocabulary file; every block has the fields its type needs and no others; every
slug in a lesson's `grammar` names a lesson of the grammar course (the course
whose slug is GRAMMAR_COURSE), and a grammar lesson names none.

The schema is Django forms (content.forms reads YAML values strictly). Choices
come from the models: part of speech, gap type and CEFR levels from
VocabularyItem (and the North Korean status with its rule,
`provenance_errors`), the course range from CoursePage, the lesson level from
LessonPage. An exercise's form is built from its block's fields, and its rules
are its type's `validate` (lessons.exercises), the same that the block's
`clean()` checks in the editor.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms

import yaml

from content.block_schema import block_forms, read_block  # noqa: F401 (the schema's blocks)
from content.exceptions import ContentError
from content.forms import (
    Count,
    Entries,
    Invalid,
    Slug,
    Text,
    TextList,
    YamlForm,
    read_form,
)
from courses.models import CoursePage
from lessons.models import (
    CEFR_ORDER,
    GRAMMAR_COURSE_SLUG,
    LessonPage,
    VocabularyItem,
    provenance_errors,
)

GRAMMAR_COURSE = GRAMMAR_COURSE_SLUG  # the course whose lessons are the grammar points


@dataclass(frozen=True)
class VocabularyEntry:
    path: Path
    index: int
    data: dict

    @property
    def key(self) -> tuple[str, str]:
        return self.data["headword"], self.data["sense"]


@dataclass(frozen=True)
class LessonFile:
    path: Path
    data: dict

    @property
    def slug(self) -> str:
        return self.data["slug"]

    def blocks(self) -> list[tuple[str, dict]]:
        return [(block["type"], block) for block in self.data["body"]]


@dataclass(frozen=True)
class CourseFile:
    path: Path
    data: dict
    lessons: tuple[LessonFile, ...]


@dataclass(frozen=True)
class Curriculum:
    courses: tuple[CourseFile, ...]
    vocabulary: tuple[VocabularyEntry, ...]

    def lessons(self) -> list[tuple[CourseFile, LessonFile]]:
        return [(course, lesson) for course in self.courses for lesson in course.lessons]


def choices(model, name: str) -> list:
    return model._meta.get_field(name).choices


# --- the files ----------------------------------------------------------------


class CourseForm(YamlForm):
    slug = Slug()
    title = Text()
    title_ko = Text()
    summary = Text(required=False)
    summary_ko = Text(required=False)
    cefr_min = forms.ChoiceField(choices=choices(CoursePage, "cefr_min"))
    cefr_max = forms.ChoiceField(choices=choices(CoursePage, "cefr_max"))

    def clean(self):
        data = super().clean()
        low, high = data.get("cefr_min"), data.get("cefr_max")
        if low and high and CEFR_ORDER.index(low) > CEFR_ORDER.index(high):
            self.add_error("cefr_max", "is below cefr_min")
        return data


class VocabularyItemForm(YamlForm):
    headword = Text()
    sense = Text(required=False)
    pos = forms.ChoiceField(choices=choices(VocabularyItem, "part_of_speech"))
    cefr = forms.ChoiceField(choices=choices(VocabularyItem, "cefr_level"))
    ipa = Text(required=False)
    gloss_nk = TextList(required=False)
    nk_status = forms.ChoiceField(choices=choices(VocabularyItem, "nk_status"), required=False)
    nk_source = Text(required=False)
    nk_candidate = TextList(required=False)
    gloss_sk = Text()
    sk_loanword = Text(required=False)
    gap_type = forms.ChoiceField(choices=choices(VocabularyItem, "gap_type"), required=False)
    note_ko = Text(required=False)
    example_en = Text()
    example_ko = Text()
    tags = TextList(required=False)

    def clean(self):
        data = super().clean()
        data["gap_type"] = data.get("gap_type") or VocabularyItem.GapType.NONE
        if data["gap_type"] != VocabularyItem.GapType.NONE and not data.get("note_ko"):
            self.add_error("note_ko", "is required when gap_type is not none")
        data["nk_status"] = data.get("nk_status") or VocabularyItem.NorthStatus.UNVERIFIED
        gloss = "; ".join(data.get("gloss_nk") or [])
        problems = provenance_errors(data["nk_status"], data.get("nk_source") or "", gloss)
        for name, problem in problems.items():
            self.add_error(name, problem)
        return data


class WordReferenceForm(YamlForm):
    headword = Text()
    sense = Text(required=False)


class LessonForm(YamlForm):
    slug = Slug()
    title = Text()
    title_ko = Text()
    cefr = forms.ChoiceField(choices=choices(LessonPage, "cefr_level"))
    minutes = Count(required=False)
    objectives = TextList(required=False)
    objectives_ko = TextList(required=False)
    tags = TextList(required=False)
    words = Entries(required=False)
    grammar = TextList(required=False)
    body = Entries()


def read_curriculum(root: Path) -> Curriculum:
    """Read and check every file under root/courses/ (none at all is an empty curriculum)."""
    folders = sorted(p for p in (Path(root) / "courses").glob("*") if p.is_dir())
    vocabulary = [entry for folder in folders for entry in read_vocabulary(folder)]
    keys = check_unique_vocabulary(vocabulary)
    courses = tuple(read_course(folder, keys) for folder in folders)
    check_unique([(course.path, "slug", course.data["slug"]) for course in courses], "course slug")
    lessons = [lesson for course in courses for lesson in course.lessons]
    check_unique([(lesson.path, "slug", lesson.slug) for lesson in lessons], "lesson slug")
    check_grammar_points(courses)
    return Curriculum(courses, tuple(vocabulary))


def load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ContentError(f"{path}: (file): cannot be read as YAML: {error}") from error


def checked(path: Path, check: Callable, *args):
    try:
        return check(*args)
    except Invalid as error:
        raise ContentError(f"{path}: {error}") from error


def read_course(folder: Path, keys: dict) -> CourseFile:
    path = folder / "course.yaml"
    if not path.exists():
        raise ContentError(f"{path}: (file): missing: every course folder needs a course.yaml")
    data = checked(path, read_form, CourseForm, load_yaml(path), "")
    lesson_paths = sorted((folder / "lessons").glob("*.yaml"))
    lessons = tuple(
        LessonFile(p, checked(p, lesson_fields, load_yaml(p), p, keys)) for p in lesson_paths
    )
    return CourseFile(path, data, lessons)


def read_vocabulary(folder: Path) -> list[VocabularyEntry]:
    """A course's items: its vocabulary.yaml, then vocabulary/*.yaml in name order."""
    paths = [folder / "vocabulary.yaml", *sorted((folder / "vocabulary").glob("*.yaml"))]
    return [entry for path in paths if path.exists() for entry in read_vocabulary_file(path)]


def read_vocabulary_file(path: Path) -> list[VocabularyEntry]:
    items = load_yaml(path) or []
    if not isinstance(items, list):
        raise ContentError(f"{path}: (file): must be a list of vocabulary items")
    return [
        VocabularyEntry(path, i, checked(path, read_form, VocabularyItemForm, item, f"[{i}]"))
        for i, item in enumerate(items)
    ]


def check_unique_vocabulary(entries: list[VocabularyEntry]) -> dict:
    """{(headword, sense): entry}, or a ContentError naming the second entry."""
    keys: dict[tuple[str, str], VocabularyEntry] = {}
    for entry in entries:
        if entry.key in keys:
            first = keys[entry.key]
            raise ContentError(
                f"{entry.path}: [{entry.index}].headword: {entry.key[0]!r} with sense "
                f"{entry.key[1]!r} is already defined in {first.path} [{first.index}]"
            )
        keys[entry.key] = entry
    return keys


def check_unique(found: list[tuple[Path, str, str]], what: str) -> None:
    seen: dict[str, Path] = {}
    for path, field, value in found:
        if value in seen:
            problem = f"{what} {value!r} is already used in {seen[value]}"
            raise ContentError(f"{path}: {field}: {problem}")
        seen[value] = path


def check_grammar_points(courses: tuple[CourseFile, ...]) -> None:
    """Each `grammar` slug names a lesson of the grammar course, once; grammar lessons name none."""
    points = {
        lesson.slug
        for course in courses
        if course.data["slug"] == GRAMMAR_COURSE
        for lesson in course.lessons
    }
    for course in courses:
        for lesson in course.lessons:
            named = lesson.data["grammar"]
            if named and course.data["slug"] == GRAMMAR_COURSE:
                raise ContentError(
                    f"{lesson.path}: grammar: a grammar lesson names no grammar point"
                )
            for i, slug in enumerate(named):
                if slug not in points:
                    problem = f"{slug!r} is not a lesson of the {GRAMMAR_COURSE!r} course"
                    raise ContentError(f"{lesson.path}: grammar[{i}]: {problem}")
                if slug in named[:i]:
                    raise ContentError(f"{lesson.path}: grammar[{i}]: {slug!r} is named twice")


def lesson_fields(data, path: Path, keys: dict) -> dict:
    data = read_form(LessonForm, data, "")
    data["words"] = [word_key(w, f"words[{i}]", keys) for i, w in enumerate(data["words"])]
    if len(set(data["words"])) != len(data["words"]):
        raise Invalid("words", "names a word twice")
    data["body"] = [read_block(b, f"body[{i}]", path.parent) for i, b in enumerate(data["body"])]
    return data


def word_key(reference, at: str, keys: dict) -> tuple[str, str]:
    if isinstance(reference, str):
        matches = [key for key in keys if key[0] == reference.strip()]
        exact = (reference.strip(), "")
        if exact in keys or len(matches) == 1:
            return exact if exact in keys else matches[0]
        problem = "has several senses: name one" if matches else "is not in any vocabulary file"
        raise Invalid(at, f"{reference!r} {problem}")
    reference = read_form(WordReferenceForm, reference, at)
    key = (reference["headword"], reference["sense"])
    if key not in keys:
        raise Invalid(at, f"{key[0]!r} with sense {key[1]!r} is not in any vocabulary file")
    return key


# --- the blocks of a lesson body ------------------------------------------------

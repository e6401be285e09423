"""Reading and checking the curriculum files (content/README.md), with no database.

`read_curriculum(root)` parses every file under `root/courses/` with
`yaml.safe_load`, checks it against the schema and returns plain dataclasses,
or raises `ContentError("<file>: <field path>: <problem>")` at the first
problem. Invariants of a returned `Curriculum`: course and lesson slugs are
unique; (headword, sense) is unique; every word a lesson names exists in some
vocabulary file; every block has the fields its type needs and no others; a
word-order block's alternatives use exactly the words of its sentence.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content.exceptions import ContentError
from lessons.grading import alternative_problems, blanks
from lessons.leveling import LEVELS
from lessons.phonetics import SOUND_TRAPS

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
POS = ("noun", "verb", "adjective", "adverb", "phrase", "pronoun", "preposition")
POS += ("conjunction", "determiner", "interjection", "number")
GAP_TYPES = ("loanword_gap", "konglish", "russian_bridge", "loan_variant", "lexical")
GAP_TYPES += ("concept_gap", "none")


class Invalid(Exception):
    def __init__(self, at: str, problem: str):
        super().__init__(f"{at}: {problem}")


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


# --- field kinds: each takes (value, at) and returns the checked value ---------


def text(value, at):
    if not isinstance(value, str):
        raise Invalid(at, f"must be text, not {type(value).__name__} (quote it)")
    return value.strip()


def text_list(value, at):
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list):
        raise Invalid(at, "must be a list of text")
    return [text(item, f"{at}[{i}]") for i, item in enumerate(value)]


def flag(value, at):
    if not isinstance(value, bool):
        raise Invalid(at, "must be true or false")
    return value


def count(value, at):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise Invalid(at, "must be a whole number above 0")
    return value


def one_of(*choices: str) -> Callable:
    def check(value, at):
        if value not in choices:
            raise Invalid(at, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    return check


def slug(value, at):
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise Invalid(at, "must be a slug: lower-case letters, digits and single hyphens")
    return value


def entries(value, at):
    if not isinstance(value, list):
        raise Invalid(at, "must be a list")
    return value


def list_of(spec: dict, minimum: int = 0, maximum: int | None = None) -> Callable:
    def check(value, at):
        if not isinstance(value, list):
            raise Invalid(at, "must be a list")
        if len(value) < minimum or (maximum is not None and len(value) > maximum):
            wanted = f"exactly {minimum}" if minimum == maximum else f"at least {minimum}"
            raise Invalid(at, f"must have {wanted} entries")
        return [mapping(item, spec, f"{at}[{i}]") for i, item in enumerate(value)]

    return check


OPTIONAL_DEFAULTS = {text: "", text_list: [], flag: False, entries: []}


def mapping(data, spec: dict, at: str) -> dict:
    """Check a mapping against spec {name: (kind, required)}; fill optional defaults."""
    if not isinstance(data, dict):
        raise Invalid(at or "(file)", "must be a mapping of fields")
    unknown = sorted(set(data) - set(spec), key=str)
    if unknown:
        raise Invalid(join(at, unknown[0]), f"unknown field (known: {', '.join(spec)})")
    checked = {}
    for name, (kind, required) in spec.items():
        value = data.get(name)
        if value is None or value == "" or value == []:
            if required:
                raise Invalid(join(at, name), "is required")
            checked[name] = OPTIONAL_DEFAULTS.get(kind, value)
            continue
        checked[name] = kind(value, join(at, name))
    return checked


def join(at: str, name: str) -> str:
    return f"{at}.{name}" if at else str(name)


def required(kind):
    return (kind, True)


def optional(kind):
    return (kind, False)


# --- the files ----------------------------------------------------------------

COURSE = {
    "slug": required(slug),
    "title": required(text),
    "title_ko": required(text),
    "summary": optional(text),
    "summary_ko": optional(text),
    "cefr_min": required(one_of(*LEVELS)),
    "cefr_max": required(one_of(*LEVELS)),
}
VOCABULARY_ITEM = {
    "headword": required(text),
    "sense": optional(text),
    "pos": required(one_of(*POS)),
    "cefr": required(one_of(*LEVELS)),
    "ipa": optional(text),
    "gloss_nk": required(text_list),
    "gloss_sk": required(text),
    "sk_loanword": optional(text),
    "gap_type": optional(one_of(*GAP_TYPES)),
    "note_ko": optional(text),
    "example_en": required(text),
    "example_ko": required(text),
    "tags": optional(text_list),
    "review_needed": optional(flag),
}
EXERCISE = {
    "type": required(text),
    "id": optional(text),
    "prompt": required(text),
    "prompt_ko": optional(text),
    "feedback_right": optional(text),
    "feedback_wrong": optional(text),
}
CONTENT = {"type": required(text), "id": optional(text)}
BLOCKS = {
    "text": {**CONTENT, "title": optional(text), "html": required(text)},
    "dialogue": {
        **CONTENT,
        "title": optional(text),
        "lines": required(
            list_of({"speaker": required(text), "en": required(text), "ko": optional(text)}, 1)
        ),
    },
    "image": {**CONTENT, "file": required(text), "alt": required(text), "caption": optional(text)},
    "tip": {**CONTENT, "ko": required(text)},
    "vocabulary": CONTENT,
    "multiple_choice": {
        **EXERCISE,
        "choices": required(list_of({"text": required(text), "correct": optional(flag)}, 2)),
    },
    "gap_fill": {**EXERCISE, "text": required(text)},
    "matching": {
        **EXERCISE,
        "pairs": required(list_of({"left": required(text), "right": required(text)}, 2)),
    },
    "word_order": {**EXERCISE, "sentence": required(text), "alternatives": optional(text_list)},
    "dictation": {**EXERCISE, "text": required(text)},
    "minimal_pair": {
        **EXERCISE,
        "words": required(text_list),
        "answer": required(text),
        "contrast": required(one_of(*SOUND_TRAPS)),
    },
}
WORD_REFERENCE = {"headword": required(text), "sense": optional(text)}
LESSON = {
    "slug": required(slug),
    "title": required(text),
    "title_ko": required(text),
    "cefr": required(one_of(*LEVELS)),
    "minutes": optional(count),
    "objectives": optional(text_list),
    "objectives_ko": optional(text_list),
    "tags": optional(text_list),
    "words": optional(entries),
    "body": required(entries),
}


def read_curriculum(root: Path) -> Curriculum:
    """Read and check every file under root/courses/ (none at all is an empty curriculum)."""
    folders = sorted(p for p in (Path(root) / "courses").glob("*") if p.is_dir())
    vocabulary = [entry for folder in folders for entry in read_vocabulary(folder)]
    keys = check_unique_vocabulary(vocabulary)
    courses = tuple(read_course(folder, keys) for folder in folders)
    check_unique([(course.path, "slug", course.data["slug"]) for course in courses], "course slug")
    lessons = [lesson for course in courses for lesson in course.lessons]
    check_unique([(lesson.path, "slug", lesson.slug) for lesson in lessons], "lesson slug")
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
    data = checked(path, course_fields, load_yaml(path))
    lesson_paths = sorted((folder / "lessons").glob("*.yaml"))
    lessons = tuple(
        LessonFile(p, checked(p, lesson_fields, load_yaml(p), p, keys)) for p in lesson_paths
    )
    return CourseFile(path, data, lessons)


def course_fields(data) -> dict:
    data = mapping(data, COURSE, "")
    if LEVELS.index(data["cefr_min"]) > LEVELS.index(data["cefr_max"]):
        raise Invalid("cefr_max", "is below cefr_min")
    return data


def read_vocabulary(folder: Path) -> list[VocabularyEntry]:
    path = folder / "vocabulary.yaml"
    if not path.exists():
        return []
    items = load_yaml(path) or []
    if not isinstance(items, list):
        raise ContentError(f"{path}: (file): must be a list of vocabulary items")
    return [
        VocabularyEntry(path, i, checked(path, vocabulary_fields, item, f"[{i}]"))
        for i, item in enumerate(items)
    ]


def vocabulary_fields(data, at: str) -> dict:
    data = mapping(data, VOCABULARY_ITEM, at)
    data["gap_type"] = data["gap_type"] or "none"
    if data["gap_type"] != "none" and not data["note_ko"]:
        raise Invalid(f"{at}.note_ko", "is required when gap_type is not none")
    return data


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


def lesson_fields(data, path: Path, keys: dict) -> dict:
    data = mapping(data, LESSON, "")
    data["words"] = [word_key(w, f"words[{i}]", keys) for i, w in enumerate(data["words"])]
    if len(set(data["words"])) != len(data["words"]):
        raise Invalid("words", "names a word twice")
    data["body"] = [block(b, f"body[{i}]", path) for i, b in enumerate(data["body"])]
    return data


def word_key(reference, at: str, keys: dict) -> tuple[str, str]:
    if isinstance(reference, str):
        matches = [key for key in keys if key[0] == reference.strip()]
        exact = (reference.strip(), "")
        if exact in keys or len(matches) == 1:
            return exact if exact in keys else matches[0]
        problem = "has several senses: name one" if matches else "is not in any vocabulary.yaml"
        raise Invalid(at, f"{reference!r} {problem}")
    reference = mapping(reference, WORD_REFERENCE, at)
    key = (reference["headword"], reference["sense"])
    if key not in keys:
        raise Invalid(at, f"{key[0]!r} with sense {key[1]!r} is not in any vocabulary.yaml")
    return key


def block(data, at: str, path: Path) -> dict:
    kind = data.get("type") if isinstance(data, dict) else None
    if kind not in BLOCKS:
        raise Invalid(f"{at}.type", f"{kind!r} is not one of: {', '.join(BLOCKS)}")
    data = mapping(data, BLOCKS[kind], at)
    BLOCK_RULES.get(kind, lambda data, at, path: None)(data, at, path)
    return data


def multiple_choice_rules(data, at, path):
    if not any(choice["correct"] for choice in data["choices"]):
        raise Invalid(f"{at}.choices", "mark at least one choice correct: true")


def gap_fill_rules(data, at, path):
    found = blanks(data["text"])
    if not found:
        raise Invalid(f"{at}.text", "has no [[answer]] blank")
    if not all(found):
        raise Invalid(f"{at}.text", "has a blank with no answer: write [[answer]]")


def word_order_rules(data, at, path):
    problems = alternative_problems(data["sentence"], data["alternatives"])
    if problems:
        i, problem = min(problems.items())
        raise Invalid(f"{at}.alternatives[{i}]", f"{data['alternatives'][i]!r}: {problem}")


def minimal_pair_rules(data, at, path):
    if len(data["words"]) != 2 or data["words"][0] == data["words"][1]:
        raise Invalid(f"{at}.words", "must be exactly two different words")
    if data["answer"] not in data["words"]:
        raise Invalid(f"{at}.answer", "must be one of the two words")


def image_rules(data, at, path):
    if not (path.parent / data["file"]).is_file():
        raise Invalid(f"{at}.file", f"no file {data['file']!r} beside the lesson file")


BLOCK_RULES = {
    "multiple_choice": multiple_choice_rules,
    "gap_fill": gap_fill_rules,
    "word_order": word_order_rules,
    "minimal_pair": minimal_pair_rules,
    "image": image_rules,
}

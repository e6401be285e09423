"""Curriculum checks over parsed files (content.schema), with no database.

Each check takes a `Curriculum` and returns a list of problems, each
"<file>: <problem>", empty when the curriculum passes. The rules:

- `unused_words`: every word a lesson teaches appears (as itself or an
  inflected form; each word of a multi-word headword) in the lesson's English
  text or exercises.
- `korean_not_in_hangul`: every Korean field holds Hangul (a South Korean
  loanword may also be a Latin acronym, as South Korea writes SNS or A/S).
- `words_above_lesson_level`: a lesson's words are at most one CEFR level
  above the lesson.
- `leveling_problems`: each lesson meets lessons.leveling's thresholds.
- `keys_not_scoring_one`: every exercise's own key, and each accepted
  alternative, grades 1.0.
- `incomplete_items`: each item has IPA (after the CMU fill), and a Korean
  note when its gap type is not none (the schema requires the other fields).
- `lesson_shape_problems`: objectives in both languages, a dialogue or text
  block using at least half of the lesson's words, 12+ words, 5+ exercises of
  3+ types.
- `missing_minimal_pairs`: in the given courses, each lesson has a
  minimal_pair exercise that drills one of its words against the word it is
  confused with (a true pair on a sound Korean lacks: `false_minimal_pairs`).
- `false_minimal_pairs`: each minimal_pair's two words differ by one sound,
  and that sound is its contrast (lessons.phonetics.is_minimal_pair; words
  missing from the CMU dictionary cannot be checked and are named).
- `missing_grammar_points`: in the given courses, each lesson names at least
  one grammar point (`grammar:`; that each names a lesson of the grammar course
  is a schema rule, content.schema.check_grammar_points).
- `total_problems`: 1,500+ items, 200+ with a gap type, every gap type used, and
  60%+ of items attested or shared with a source.
"""

import re
from collections import Counter

from content.schema import Curriculum, LessonFile
from lessons.exercises import exercise_types
from lessons.grading import accepted_answers, grade_answer
from lessons.leveling import (
    TOKEN_RE,
    LessonLevelReport,
    analyse,
    english_of,
    lemmas,
)
from lessons.models import CEFR_ORDER, VocabularyItem
from lessons.phonetics import ipa_for, is_minimal_pair

HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
ACRONYM_RE = re.compile(r"^[A-Z0-9/&.\- ]+$")
MIN_ITEMS, MIN_GAP_ITEMS, MIN_SOURCED_SHARE = 1500, 200, 0.6
MIN_LESSON_WORDS, MIN_EXERCISES, MIN_EXERCISE_TYPES = 12, 5, 3


def level_reports(curriculum: Curriculum) -> list[tuple[LessonFile, LessonLevelReport]]:
    vocabulary = [(e.data["headword"], e.data["cefr"]) for e in curriculum.vocabulary]
    reports = []
    for course in curriculum.courses:
        before: list[str] = []
        for lesson in course.lessons:
            taught = headwords(lesson)
            reports.append(
                (
                    lesson,
                    analyse(
                        english_of(lesson.blocks()),
                        level=lesson.data["cefr"],
                        taught=taught,
                        taught_before=before,
                        vocabulary=vocabulary,
                    ),
                )
            )
            before = before + taught
    return reports


def headwords(lesson: LessonFile) -> list[str]:
    return [headword for headword, _sense in lesson.data["words"]]


def word_forms(texts) -> set[str]:
    forms = set()
    for text in texts:
        for token in TOKEN_RE.findall(text.replace("\u2019", "'")):
            for part in token.lower().split("-"):
                forms.add(part)
                forms.update(lemmas(part))
    return forms


def uses(forms: set[str], headword: str) -> bool:
    words = [part.lower() for token in TOKEN_RE.findall(headword) for part in token.split("-")]
    return all(word in forms or not forms.isdisjoint(lemmas(word)) for word in words)


def unused_words(curriculum: Curriculum) -> list[str]:
    problems = []
    for _course, lesson in curriculum.lessons():
        english = english_of(lesson.blocks())
        forms = word_forms(english.prose + english.fragments)
        missing = [h for h in headwords(lesson) if not uses(forms, h)]
        if missing:
            problems.append(f"{lesson.path}: words not used in text or exercises: {missing}")
    return problems


def korean_fields(curriculum: Curriculum):
    """(file, field path, value) of every Korean field that has a value."""
    for course in curriculum.courses:
        for name in ("title_ko", "summary_ko"):
            yield course.path, name, course.data[name]
    for entry in curriculum.vocabulary:
        for name in ("gloss_sk", "example_ko", "note_ko", "sk_loanword"):
            yield entry.path, f"[{entry.index}].{name}", entry.data[name]
        for i, form in enumerate(entry.data["gloss_nk"]):
            yield entry.path, f"[{entry.index}].gloss_nk[{i}]", form
    for _course, lesson in curriculum.lessons():
        yield lesson.path, "title_ko", lesson.data["title_ko"]
        for i, line in enumerate(lesson.data["objectives_ko"]):
            yield lesson.path, f"objectives_ko[{i}]", line
        for i, (_kind, block) in enumerate(lesson.blocks()):
            for name in ("ko", "prompt_ko", "feedback_right", "feedback_wrong"):
                yield lesson.path, f"body[{i}].{name}", block.get(name, "")
            for j, line in enumerate(block.get("lines", [])):
                yield lesson.path, f"body[{i}].lines[{j}].ko", line["ko"]


def korean_not_in_hangul(curriculum: Curriculum) -> list[str]:
    return [
        f"{path}: {field}: no Hangul in {value!r}"
        for path, field, value in korean_fields(curriculum)
        if value
        and not HANGUL_RE.search(value)
        and not (field.endswith(".sk_loanword") and ACRONYM_RE.match(value))
    ]


def words_above_lesson_level(curriculum: Curriculum) -> list[str]:
    levels = {entry.key: entry.data["cefr"] for entry in curriculum.vocabulary}
    problems = []
    for _course, lesson in curriculum.lessons():
        limit = CEFR_ORDER.index(lesson.data["cefr"]) + 1
        high = [k[0] for k in lesson.data["words"] if CEFR_ORDER.index(levels[k]) > limit]
        if high:
            problems.append(f"{lesson.path}: words more than one level above the lesson: {high}")
    return problems


def leveling_problems(curriculum: Curriculum) -> list[str]:
    problems = []
    for lesson, report in level_reports(curriculum):
        above = [lemma for lemma, _zipf, _n in report.above_level]
        problems += [f"{lesson.path}: {p} (above level: {above})" for p in report.problems()]
    return problems


def keys_not_scoring_one(curriculum: Curriculum) -> list[str]:
    problems = []
    for _course, lesson in curriculum.lessons():
        for i, (kind, block) in enumerate(lesson.blocks()):
            if kind not in exercise_types():
                continue
            for j, answer in enumerate(accepted_answers(kind, block)):
                result = grade_answer(kind, block, answer)
                if not result.correct:
                    which = f"its accepted answer {answer}" if j else "its key"
                    problems.append(f"{lesson.path}: body[{i}]: {which} scores {result.score}")
    return problems


def incomplete_items(curriculum: Curriculum) -> list[str]:
    problems = []
    for entry in curriculum.vocabulary:
        data = entry.data
        if not (data["ipa"] or ipa_for(data["headword"])):
            problems.append(f"{entry.path}: [{entry.index}] {data['headword']!r}: no IPA")
        if data["gap_type"] != "none" and not data["note_ko"]:
            problems.append(f"{entry.path}: [{entry.index}] {data['headword']!r}: no note_ko")
    return problems


def lesson_shape_problems(curriculum: Curriculum) -> list[str]:
    problems = []
    for _course, lesson in curriculum.lessons():
        problems += [f"{lesson.path}: {problem}" for problem in shape_of(lesson)]
    return problems


def shape_of(lesson: LessonFile) -> list[str]:
    data, blocks = lesson.data, lesson.blocks()
    exercises = [kind for kind, _block in blocks if kind in exercise_types()]
    reading = english_of([(k, b) for k, b in blocks if k in ("text", "dialogue")])
    forms = word_forms(reading.prose)
    used = [h for h in headwords(lesson) if uses(forms, h)]
    found = []
    if not data["objectives"] or not data["objectives_ko"]:
        found.append("objectives and objectives_ko are both required")
    if len(data["words"]) < MIN_LESSON_WORDS:
        found.append(f"teaches {len(data['words'])} words, fewer than {MIN_LESSON_WORDS}")
    if len(exercises) < MIN_EXERCISES or len(set(exercises)) < MIN_EXERCISE_TYPES:
        found.append(
            f"has {len(exercises)} exercises of {len(set(exercises))} types "
            f"(needs {MIN_EXERCISES}+ of {MIN_EXERCISE_TYPES}+ types)"
        )
    if not reading.prose or 2 * len(used) < len(data["words"]):
        found.append(f"its dialogue or text uses {len(used)} of its {len(data['words'])} words")
    return found


def missing_minimal_pairs(curriculum: Curriculum, course_prefixes=("01-", "02-")) -> list[str]:
    problems = []
    for course, lesson in curriculum.lessons():
        if not course.path.parent.name.startswith(course_prefixes):
            continue
        lesson_words = {w.lower() for h in headwords(lesson) for w in TOKEN_RE.findall(h)}
        pairs = [block for kind, block in lesson.blocks() if kind == "minimal_pair"]
        if not any(lesson_words & {w.lower() for w in block["words"]} for block in pairs):
            problems.append(f"{lesson.path}: no minimal_pair exercise drills a word of the lesson")
    return problems


def missing_grammar_points(
    curriculum: Curriculum, course_prefixes=("01-", "02-", "03-")
) -> list[str]:
    return [
        f"{lesson.path}: names no grammar point (grammar: [<grammar lesson slug>, ...])"
        for course, lesson in curriculum.lessons()
        if course.path.parent.name.startswith(course_prefixes) and not lesson.data["grammar"]
    ]


def false_minimal_pairs(curriculum: Curriculum) -> list[str]:
    problems = []
    for _course, lesson in curriculum.lessons():
        for i, (kind, block) in enumerate(lesson.blocks()):
            if kind != "minimal_pair":
                continue
            pair, contrast = "/".join(block["words"]), block["contrast"]
            found = is_minimal_pair(*block["words"], contrast)
            if found is None:
                problems.append(f"{lesson.path}: body[{i}]: {pair}: a word not in the dictionary")
            elif not found:
                problems.append(
                    f"{lesson.path}: body[{i}]: {pair} is not a {contrast} minimal pair"
                )
    return problems


def total_problems(curriculum: Curriculum) -> list[str]:
    gaps = Counter(entry.data["gap_type"] for entry in curriculum.vocabulary)
    problems = []
    if len(curriculum.vocabulary) < MIN_ITEMS:
        problems.append(f"(all files): {len(curriculum.vocabulary)} items, fewer than {MIN_ITEMS}")
    if len(curriculum.vocabulary) - gaps["none"] < MIN_GAP_ITEMS:
        problems.append(
            f"(all files): {len(curriculum.vocabulary) - gaps['none']} items with a gap type, "
            f"fewer than {MIN_GAP_ITEMS}"
        )
    sourced = sum(
        1
        for entry in curriculum.vocabulary
        if entry.data["nk_status"] != VocabularyItem.NorthStatus.UNVERIFIED
        and entry.data["nk_source"].strip()
    )
    if sourced < MIN_SOURCED_SHARE * len(curriculum.vocabulary):
        problems.append(
            f"(all files): {sourced} of {len(curriculum.vocabulary)} items attested or shared "
            f"with a source, fewer than {MIN_SOURCED_SHARE:.0%}"
        )
    unused = [gap for gap in VocabularyItem.GapType.values if not gaps[gap]]
    if unused:
        problems.append(f"(all files): gap types never used: {unused}")
    return problems

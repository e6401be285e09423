"""The curriculum report (docs/curriculum.md): the study time of the whole
(content.study_time); per course, the vocabulary its file defines (items, North
Korean forms attested / shared / unverified, gap types) and its study time; per
lesson, its level, words, coverage, sentence length, the gap-type mix of the words
it teaches and its minutes."""

from collections import Counter

from content.checks import level_reports
from content.schema import Curriculum
from content.study_time import lesson_minutes, review_minutes, reviews_per_card
from lessons.exercises import exercise_types
from lessons.models import CEFR_ORDER, CefrLevel, VocabularyItem

HEADER = (
    "| # | lesson | level | words taught | running words | coverage | mean sentence "
    "| gap types of its words | thresholds | minutes |\n"
    "| - | - | - | - | - | - | - | - | - | - |"
)

STUDY_TIME = (
    "How study time is estimated (content/study_time.py): a lesson's minutes are its "
    "running English read at a careful second-language speed for its level (Pre-A1 20, "
    "A1 40, A2 60, B1 80, B2 100 words a minute), its exercises at a fixed time by type "
    "(from half a minute to pick a letter to ten minutes to write a text), and 20 seconds "
    "to meet each word it teaches. Reviews come on top: each word makes two cards, "
    'each answered {reviews} times in its first 30 days when every answer is "Good" '
    "(FSRS with the default parameters and learning steps), at 8 seconds an answer; "
    "forgotten words add more, so that figure is a floor."
)


def totals(curriculum: Curriculum) -> list[str]:
    gaps = Counter(entry.data["gap_type"] for entry in curriculum.vocabulary)
    levels = Counter(entry.data["cefr"] for entry in curriculum.vocabulary)
    return [
        f"{len(curriculum.courses)} courses, {len(curriculum.lessons())} lessons, "
        f"{len(curriculum.vocabulary)} vocabulary items.",
        "",
        "Items by level: "
        + ", ".join(f"{CefrLevel(level).label} {levels[level]}" for level in CEFR_ORDER)
        + ".",
        "",
        "Items by gap type: " + gap_mix(gaps, every=True) + ".",
        "",
        "North Korean forms: " + north_mix(curriculum.vocabulary) + ".",
    ]


def course_vocabulary(curriculum: Curriculum, folder) -> str:
    entries = [entry for entry in curriculum.vocabulary if folder in entry.path.parents]
    gaps = Counter(entry.data["gap_type"] for entry in entries)
    return (
        f"Vocabulary defined here: {len(entries)} items; North Korean forms: "
        f"{north_mix(entries)}; gap types: {gap_mix(gaps)}."
    )


def north_mix(entries) -> str:
    statuses = Counter(entry.data["nk_status"] for entry in entries)
    return ", ".join(f"{status} {statuses[status]}" for status in VocabularyItem.NorthStatus.values)


def gap_mix(counts: Counter, *, every: bool = False) -> str:
    shown = [gap for gap in VocabularyItem.GapType.values if every or counts[gap]]
    return ", ".join(f"{gap} {counts[gap]}" for gap in shown) or "-"


def study_minutes(curriculum: Curriculum) -> dict[str, tuple[float, float]]:
    """{lesson slug: (minutes in the lesson, minutes reviewing its words)}."""
    types = set(exercise_types())
    found = {}
    for lesson, report in level_reports(curriculum):
        exercises = [block["type"] for block in lesson.data["body"] if block["type"] in types]
        words = len(lesson.data["words"])
        minutes = lesson_minutes(
            level=report.level, running_words=report.running_words, exercises=exercises, words=words
        )
        found[lesson.slug] = (minutes, review_minutes(words))
    return found


def hours(minutes: list[tuple[float, float]]) -> str:
    lessons, reviews = (
        (sum(part) / 60 for part in zip(*minutes, strict=True)) if minutes else (0, 0)
    )
    return f"{lessons:.1f} hours in lessons, and at least {reviews:.1f} hours of reviews"


def curriculum_markdown(curriculum: Curriculum) -> str:
    gap_of = {entry.key: entry.data["gap_type"] for entry in curriculum.vocabulary}
    reports = {lesson.slug: report for lesson, report in level_reports(curriculum)}
    minutes = study_minutes(curriculum)
    lines = ["# Curriculum", "", *totals(curriculum), ""]
    stated = sum(lesson.data["minutes"] or 15 for _course, lesson in curriculum.lessons()) / 60
    lines += [f"Study time: {hours(list(minutes.values()))}.", ""]
    lines += [
        f"The lessons' own `minutes` (as authors estimated them) add up to {stated:.1f} hours."
    ]
    lines += [""]
    lines += [STUDY_TIME.format(reviews=reviews_per_card()), ""]
    for course in curriculum.courses:
        data = course.data
        span = f"{CefrLevel(data['cefr_min']).label}–{CefrLevel(data['cefr_max']).label}"
        lines += [f"## {data['title']} ({data['title_ko']}), {span}"]
        lines += ["", course_vocabulary(curriculum, course.path.parent), ""]
        lines += [f"Study time: {hours([minutes[lesson.slug] for lesson in course.lessons])}."]
        lines += ["", HEADER]
        for number, lesson in enumerate(course.lessons, start=1):
            report, words = reports[lesson.slug], lesson.data["words"]
            mix = Counter(gap_of[key] for key in words)
            lines.append(
                f"| {number} | {lesson.data['title']} | {report.level} | {len(words)} "
                f"| {report.running_words} | {report.coverage:.1%} "
                f"| {report.mean_sentence_length:.1f} | {gap_mix(mix)} "
                f"| {'; '.join(report.problems()) or 'met'} | {minutes[lesson.slug][0]:.0f} |"
            )
        lines.append("")
    return "\n".join(lines)

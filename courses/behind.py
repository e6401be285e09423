"""Who is behind across a tutor's classrooms: every current learner behind on an
assignment (the grid's `BEHIND` cells, from `Assignment.status`), with the words
at risk that assignment teaches, most behind first. Read through
`classroom_dashboards`, so the queries do not grow with classrooms or learners."""

from dataclasses import dataclass
from datetime import datetime

from .dashboard import BEHIND, Cell, Dashboard, LearnerRow, WordAtRisk, classroom_dashboards
from .models import Assignment, Classroom


@dataclass(frozen=True)
class LateWork:
    """One assignment a learner is behind on, with their words at risk that it teaches."""

    assignment: Assignment
    cell: Cell
    words_at_risk: list[WordAtRisk]


@dataclass(frozen=True)
class BehindLearner:
    classroom: Classroom
    row: LearnerRow
    work: list[LateWork]


def behind_learners(classrooms, *, now: datetime) -> list[BehindLearner]:
    """Every current learner of `classrooms` behind on some assignment, most behind first,
    in the fixed number of queries of `classroom_dashboards`."""
    found = []
    for board in classroom_dashboards(classrooms, now=now):
        for row in board.rows:
            if work := late_assignments(board, row):
                found.append(BehindLearner(board.classroom, row, work))
    return sorted(found, key=lambda entry: entry.row.attention(now), reverse=True)


def late_assignments(board: Dashboard, row: LearnerRow) -> list[LateWork]:
    return [
        LateWork(
            assignment,
            cell,
            [word for word in row.words_at_risk if word.items & board.words[assignment.pk]],
        )
        for assignment, cell in zip(board.assignments, row.cells, strict=True)
        if cell.status in BEHIND
    ]

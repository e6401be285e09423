"""The tutors' daily digest: who among a tutor's current learners is behind.

A learner is behind with overdue or slipping assignments (the dashboard's own
cells, so the digest and the grid always agree) or a review backlog
(`progress.digests.review_backlogs`). Tutors are handled TUTOR_BATCH at a time;
`progress.digests.send_tutor_digest` sends each at most once per local day, so
running this every hour, or twice at once, sends one digest a day.
"""

from collections import defaultdict
from datetime import datetime
from itertools import islice

from django.contrib.auth import get_user_model

from progress.digests import Backlog, DigestRow, review_backlogs, send_tutor_digest

from .dashboard import classroom_dashboard
from .models import Classroom, Membership

TUTOR_BATCH = 100
BEHIND = {"overdue", "slipping"}


def classrooms_by_tutor() -> dict[int, list[Classroom]]:
    """{tutor or co-tutor id: classrooms with current learners}."""
    rooms = (
        Classroom.objects.filter(pk__in=Membership.objects.current().values("classroom_id"))
        .select_related("tutor__learner_profile")
        .prefetch_related("co_tutors")
    )
    found = defaultdict(list)
    for room in rooms:
        for tutor_id in {room.tutor_id, *(t.pk for t in room.co_tutors.all())}:
            found[tutor_id].append(room)
    return found


def late_work(room: Classroom, now: datetime) -> dict[int, tuple[str, list[str]]]:
    """{learner id: (name, titles of assignments the learner is behind on)} in one classroom."""
    board = classroom_dashboard(room, now=now)
    return {
        row.membership.learner_id: (
            row.name,
            [
                str(assignment.target)
                for assignment, cell in zip(board.assignments, row.cells, strict=True)
                if cell.status in BEHIND
            ],
        )
        for row in board.rows
    }


def tutor_rows(rooms, work, backlogs) -> list[DigestRow]:
    """One row per learner of the tutor's classrooms, late titles merged across them."""
    merged: dict[int, tuple[str, dict[str, None]]] = {}
    for room in rooms:
        for learner_id, (name, titles) in work[room.pk].items():
            merged.setdefault(learner_id, (name, {}))[1].update(dict.fromkeys(titles))
    return [
        DigestRow(name, backlogs.get(learner_id, Backlog()), tuple(titles))
        for learner_id, (name, titles) in sorted(merged.items())
    ]


def notify_tutors_overdue(*, now: datetime, batch_size: int = TUTOR_BATCH) -> int:
    """Send today's digest to every tutor with a learner behind; return how many went out."""
    by_tutor = classrooms_by_tutor()
    tutor_ids = iter(sorted(by_tutor))
    sent = 0
    while batch := list(islice(tutor_ids, batch_size)):
        rooms = {room.pk: room for tutor_id in batch for room in by_tutor[tutor_id]}
        work = {pk: late_work(room, now) for pk, room in rooms.items()}
        learner_ids = {learner_id for found in work.values() for learner_id in found}
        backlogs = review_backlogs(learner_ids, now=now)
        tutors = get_user_model().objects.in_bulk(batch)
        for tutor_id in batch:
            rows = tutor_rows(by_tutor[tutor_id], work, backlogs)
            sent += send_tutor_digest(tutor=tutors[tutor_id], rows=rows, now=now)
    return sent

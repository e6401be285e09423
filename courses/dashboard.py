"""Tutor reads: the classroom grid, each learner's numbers, session prep. The
queries behind them are in `courses.windows`.

Rules:
- A tutor sees a learner's work only inside the membership window: attempts,
  progress and reviews from `joined_at` on, and nothing once the learner has
  left (left members are not rows).
- Days are the learner's own: work is due until the end of its due day where
  the learner lives (`accounts.clock`, as the learner's own pages count it),
  so learners in Seoul and New York with one due date fall overdue at their
  own midnights. Without a profile a learner counts in the clock's fallback
  zone (UTC), as the scheduler does.
- A cell is one learner × one assignment: "not_assigned" (the assignment is
  for someone else), "not_started", "in_progress", "done" (with the best
  score), "overdue" (not done after the due day); a "keep" assignment is
  "keeping" while every card of the lesson's words has a predicted retention
  at or above the target (evaluated now, or at the end of the due day once it
  has passed), "slipping" otherwise.
- Predicted retention is FSRS retrievability with the learner's own scheduler
  settings (`progress.memory.config_for`), as `retrievability_after` counts it,
  each card's day counted once; a card never reviewed has none. The cards are
  summed up per membership by `courses.card_summary` (on PostgreSQL in SQL).
- The next session (`Classroom.next_session_on`, a date) starts at 00:00 of
  that date where the classroom's tutor lives (UTC without a profile, as the
  tutors' digest counts days), for co-tutors too. On that day words are
  judged now; with no date, or once the day is over, a week from now.
- A word is at risk when one of its cards is predicted below RISK_THRESHOLD at
  the start of the next session.
- Reviews over the last 7 days: answers logged (ReviewLog) since joining,
  against those answers plus the cards due now.
- "Needs attention" sorts by overdue cells, then words at risk, then days
  since last active.
- A learner is behind on an assignment whose cell is "overdue" or "slipping"
  (BEHIND); `courses.behind` lists them across classrooms.
The grids of any number of classrooms cost the same fixed number of queries as
one, whatever the number of learners and assignments; a learner in two of them
has a row in each, from each membership's window.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean
from zoneinfo import ZoneInfo

from accounts import clock
from progress.memory import config_for
from progress.models import LessonProgress, PlacementTest
from progress.scheduler import SchedulerConfig

# RISK_THRESHOLD and WordAtRisk are read from here by the grid's other screens.
from .card_summary import RISK_THRESHOLD as RISK_THRESHOLD
from .card_summary import Judge, KeepFacts, KeepJudge, Memory, memories
from .card_summary import WordAtRisk as WordAtRisk
from .learner_names import name_for_tutors
from .models import Assignment, Classroom, Membership
from .windows import (
    course_lessons,
    current_memberships,
    lesson_items,
    windowed_attempts,
    windowed_progress,
    windowed_reviews,
)

DEFAULT_SESSION_GAP = timedelta(days=7)
BEHIND = frozenset({"overdue", "slipping"})


@dataclass(frozen=True)
class Cell:
    status: str
    score: float | None = None
    retention: float | None = None


@dataclass
class LearnerRow:
    membership: Membership
    name: str
    cells: list[Cell] = field(default_factory=list)
    lessons_done: int = 0
    scores_by_type: dict[str, float] = field(default_factory=dict)
    reviews_done: int = 0
    reviews_due: int = 0
    average_retention: float | None = None
    words_at_risk: list[WordAtRisk] = field(default_factory=list)
    leeches: int = 0
    last_active: datetime | None = None
    placement: PlacementTest | None = None  # the learner's latest placement test

    @property
    def overdue(self) -> int:
        return sum(cell.status in BEHIND for cell in self.cells)

    def days_inactive(self, now: datetime) -> int:
        since = self.last_active or self.membership.joined_at
        return max(0, (now - since).days)

    def attention(self, now: datetime) -> tuple[int, int, int]:
        return (self.overdue, len(self.words_at_risk), self.days_inactive(now))


@dataclass
class Dashboard:
    classroom: Classroom
    assignments: list[Assignment]
    rows: list[LearnerRow]
    session_at: datetime
    session_on: date  # the session's date where the tutor lives
    words: dict[int, set[int]] = field(default_factory=dict)  # {assignment id: item ids}


@dataclass(frozen=True)
class LearnerClock:
    """One learner's days: due dates in their zone, memory in their scheduler's days."""

    zone: ZoneInfo
    today: date
    config: SchedulerConfig

    def due_end(self, due_on: date) -> datetime:
        return clock.end_of_day(due_on, self.zone)

    def day(self, moment: datetime) -> int:
        return clock.anki_day(
            moment, time_zone=self.config.time_zone, rollover_hour=self.config.day_rollover_hour
        )

    def judge(self, membership_id: int, now: datetime, session_at: datetime, keeps) -> Judge:
        """What `courses.card_summary` judges for this learner: now, the next session,
        and each "keep" assignment at the end of its due day once that has passed."""
        keeps = tuple(
            KeepJudge(
                a.pk,
                frozenset(items),
                self.day(min(now, self.due_end(a.due_on))),
                a.target_retention,
            )
            for a, items in keeps
        )
        config = self.config
        return Judge(
            membership_id,
            config.time_zone,
            config.day_rollover_hour,
            config.parameters,
            self.day(now),
            self.day(session_at),
            keeps,
        )


def learner_clock(membership: Membership, now: datetime) -> LearnerClock:
    profile = getattr(membership.learner, "learner_profile", None)
    zone = clock.zone_of(profile)
    return LearnerClock(zone, clock.calendar_day(now, zone), config_for(profile))


def session_start(classroom: Classroom, now: datetime) -> tuple[datetime, date]:
    """When the next session starts, and its date where the tutor lives (rules above)."""
    zone = clock.zone_of(getattr(classroom.tutor, "learner_profile", None))
    day = classroom.next_session_on
    if day is not None and now < clock.end_of_day(day, zone):
        return max(now, clock.start_of_day(day, zone)), day
    fallback = now + DEFAULT_SESSION_GAP
    return fallback, fallback.astimezone(zone).date()


def display_name(membership: Membership) -> str:
    return name_for_tutors(membership.learner)


# ---------------------------------------------------------------- cells


def work_cell(assignment: Assignment, lessons: list[int], progress: dict, today: date) -> Cell:
    """A "complete" assignment's cell: `Assignment.status`, with the mean best score once done."""
    done = {pk for pk in lessons if progress.get(pk, {}).get("completed_at") is not None}
    status = assignment.status(lessons=lessons, done=done, started=set(progress), today=today)
    if status != "done":
        return Cell(status)
    return Cell(status, score=fmean(progress[pk]["best_score"] for pk in lessons))


def keep_cell(
    assignment: Assignment, items: set[int], facts: KeepFacts, clock: LearnerClock, now
) -> Cell:
    """A "keep" assignment's cell from its cards' counts (`card_summary.KeepFacts`)."""
    if not facts.held:
        return Cell("overdue" if now >= clock.due_end(assignment.due_on) else "not_started")
    status = "keeping" if facts.kept == facts.held == 2 * len(items) else "slipping"
    return Cell(status, score=facts.kept / (2 * len(items)), retention=facts.lowest)


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class Reads:
    """What one request read for all its classrooms; window reads by membership id."""

    courses: dict[int, list[int]]  # {course id: lesson ids}
    items: dict[int, set[int]]  # {lesson id: vocabulary item ids}
    progress: dict[int, dict] = field(default_factory=dict)
    attempts: dict[int, list] = field(default_factory=dict)
    reviews: dict[int, dict] = field(default_factory=dict)

    def of(self, membership: Membership) -> tuple[dict, list, dict]:
        key = membership.pk
        return (
            self.progress.get(key, {}),
            self.attempts.get(key, []),
            self.reviews.get(key, {}),
        )

    def words(self, assignment: Assignment) -> set[int]:
        lessons = assignment.lessons_in(self.courses)
        return set().union(*(self.items.get(pk, set()) for pk in lessons))


def read_windows(classrooms, memberships, assignments, now: datetime) -> Reads:
    """Lessons, their words and three window reads (these last skipped when no one
    is in the classrooms), each one query whatever the number of classrooms; the
    cards are read by `courses.card_summary`."""
    courses = course_lessons(assignments)
    items = lesson_items({pk for a in assignments for pk in a.lessons_in(courses)})
    if not memberships:
        return Reads(courses, items)
    return Reads(
        courses,
        items,
        windowed_progress(memberships),
        windowed_attempts(classrooms),
        windowed_reviews(classrooms, now),
    )


@dataclass(frozen=True)
class Grid:
    """What every row of one classroom's grid shares."""

    now: datetime
    session_at: datetime
    assignments: list[Assignment]
    courses: dict[int, list[int]]
    items: dict[int, set[int]]

    def applies(self, assignment: Assignment, learner_id: int) -> bool:
        return assignment.learner_id in (None, learner_id)

    def judge(self, membership: Membership, clock: "LearnerClock") -> Judge:
        keeps = [
            (a, self.items.get(a.lesson_id, set()))
            for a in self.assignments
            if a.kind == Assignment.Kind.KEEP and self.applies(a, membership.learner_id)
        ]
        return clock.judge(membership.pk, self.now, self.session_at, keeps)


def assignment_cell(assignment, grid: Grid, progress, memory: Memory, clock, learner_id):
    if not grid.applies(assignment, learner_id):
        return Cell("not_assigned")
    if assignment.kind == Assignment.Kind.KEEP:
        items = grid.items.get(assignment.lesson_id, set())
        facts = memory.keeps.get(assignment.pk, KeepFacts())
        return keep_cell(assignment, items, facts, clock, grid.now)
    return work_cell(assignment, assignment.lessons_in(grid.courses), progress, clock.today)


def learner_row(membership, grid: Grid, clock, memory: Memory, progress, attempts, reviews):
    row = LearnerRow(membership=membership, name=display_name(membership))
    row.cells = [
        assignment_cell(a, grid, progress, memory, clock, membership.learner_id)
        for a in grid.assignments
    ]
    row.lessons_done = sum(p["completed_at"] is not None for p in progress.values())
    row.scores_by_type = {a["block_type"]: a["average"] for a in attempts}
    row.average_retention = memory.average_retention
    row.words_at_risk = memory.words_at_risk
    row.leeches = memory.leeches
    row.reviews_done = reviews.get("done", 0)
    row.reviews_due = row.reviews_done + memory.due
    moments = [p["last_activity_at"] for p in progress.values()]
    moments += [a["last"] for a in attempts] + [memory.last_review] * bool(memory.last_review)
    moments += [reviews["last"]] if reviews else []
    row.last_active = max(moments, default=None)
    return row


def classroom_dashboard(
    classroom: Classroom, *, now: datetime, sort: str = "attention"
) -> Dashboard:
    """The grid of current learners × active assignments, in a fixed number of queries."""
    (board,) = classroom_dashboards([classroom], now=now, sort=sort)
    return board


def classroom_dashboards(classrooms, *, now: datetime, sort: str = "attention") -> list[Dashboard]:
    """Each classroom's grid, in order; any number of classrooms in the queries of one."""
    classrooms = list(classrooms)
    memberships = current_memberships(classrooms)
    assignments = list(
        Assignment.objects.active()
        .filter(classroom__in=classrooms)
        .select_related("lesson", "course")
    )
    reads = read_windows(classrooms, memberships, assignments, now)
    placed = latest_placements({m.learner_id for m in memberships})
    members, work = defaultdict(list), defaultdict(list)
    for membership in memberships:
        members[membership.classroom_id].append(membership)
    for assignment in assignments:
        work[assignment.classroom_id].append(assignment)
    grids = {room.pk: grid_of(room, work[room.pk], reads, now) for room in classrooms}
    clocks = {m.pk: learner_clock(m, now) for m in memberships}
    judges = [grids[m.classroom_id].judge(m, clocks[m.pk]) for m in memberships]
    memory = memories(classrooms, judges, now)
    boards = [
        classroom_grid(room, grids[room.pk], members[room.pk], reads, clocks, memory, sort)
        for room in classrooms
    ]
    for row in (row for board in boards for row in board.rows):
        row.placement = placed.get(row.membership.learner_id)
    return boards


def latest_placements(learner_ids) -> dict[int, PlacementTest]:
    """Each learner's latest finished placement test, in one query. A placement is a
    level, not work: the tutor sees it whenever it was taken (the test says so)."""
    tests = PlacementTest.objects.finished().filter(learner_id__in=learner_ids)
    return {test.learner_id: test for test in tests.order_by("finished_at")}


def grid_of(classroom: Classroom, assignments, reads: Reads, now: datetime) -> Grid:
    session_at, _ = session_start(classroom, now)
    return Grid(now, session_at, assignments, reads.courses, reads.items)


def classroom_grid(classroom, grid: Grid, memberships, reads: Reads, clocks, memory, sort):
    rows = [
        learner_row(m, grid, clocks[m.pk], memory.get(m.pk, Memory()), *reads.of(m))
        for m in memberships
    ]
    if sort == "attention":
        rows.sort(key=lambda row: row.attention(grid.now), reverse=True)
    else:
        rows.sort(key=lambda row: row.name.casefold())
    words = {a.pk: reads.words(a) for a in grid.assignments}
    session_at, session_on = session_start(classroom, grid.now)
    return Dashboard(classroom, grid.assignments, rows, session_at, session_on, words)


# ---------------------------------------------------------------- one learner


@dataclass
class LessonWork:
    progress: LessonProgress
    comments: list
    # Completed inside the membership window (a completion before joining is not shown).
    done: bool


def learner_work(membership: Membership) -> list[LessonWork]:
    """The learner's lessons touched since joining, newest first, with this classroom's comments."""
    rows = (
        LessonProgress.objects.filter(
            learner_id=membership.learner_id, last_activity_at__gte=membership.joined_at
        )
        .select_related("lesson")
        .prefetch_related("tutor_comments")
        .order_by("-last_activity_at")
    )
    return [
        LessonWork(
            row,
            [c for c in row.tutor_comments.all() if c.classroom_id == membership.classroom_id],
            done=row.completed_at is not None and row.completed_at >= membership.joined_at,
        )
        for row in rows
    ]

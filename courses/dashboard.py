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
  settings (`progress.memory.config_for`), by `retrievability_after` over one
  prefetched card list, each card's day counted once; a card never reviewed
  has none.
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
from progress.models import LEECH_LAPSES, LessonProgress, PlacementTest
from progress.scheduler import SchedulerConfig, retrievability_after

from .learner_names import name_for_tutors
from .models import Assignment, Classroom, Membership
from .windows import (
    course_lessons,
    current_memberships,
    lesson_items,
    windowed_attempts,
    windowed_cards,
    windowed_progress,
    windowed_reviews,
)

RISK_THRESHOLD = 0.8
DEFAULT_SESSION_GAP = timedelta(days=7)
BEHIND = frozenset({"overdue", "slipping"})


@dataclass(frozen=True)
class Cell:
    status: str
    score: float | None = None
    retention: float | None = None


@dataclass(frozen=True)
class WordAtRisk:
    headword: str
    retention: float
    items: frozenset[int] = frozenset()  # the vocabulary items spelt this way


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

    def retention(self, card: dict, day: int) -> float | None:
        if card["day"] is None:
            return None
        return retrievability_after(
            day - card["day"], card["stability"], parameters=self.config.parameters
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
    assignment: Assignment, items: set[int], cards: list[dict], clock: LearnerClock, now
) -> Cell:
    due_end = clock.due_end(assignment.due_on)
    day = clock.day(min(now, due_end))
    held = [clock.retention(c, day) for c in cards if c["item_id"] in items]
    held = [r for r in held if r is not None]
    if not held:
        return Cell("overdue" if now >= due_end else "not_started")
    kept = sum(r >= assignment.target_retention for r in held)
    status = "keeping" if kept == len(held) == 2 * len(items) else "slipping"
    return Cell(status, score=kept / (2 * len(items)), retention=min(held))


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class Reads:
    """What one request read for all its classrooms; window reads by membership id."""

    courses: dict[int, list[int]]  # {course id: lesson ids}
    items: dict[int, set[int]]  # {lesson id: vocabulary item ids}
    progress: dict[int, dict] = field(default_factory=dict)
    attempts: dict[int, list] = field(default_factory=dict)
    cards: dict[int, list] = field(default_factory=dict)
    reviews: dict[int, dict] = field(default_factory=dict)

    def of(self, membership: Membership) -> tuple[dict, list, list, dict]:
        key = membership.pk
        return (
            self.progress.get(key, {}),
            self.attempts.get(key, []),
            self.cards.get(key, []),
            self.reviews.get(key, {}),
        )

    def words(self, assignment: Assignment) -> set[int]:
        lessons = assignment.lessons_in(self.courses)
        return set().union(*(self.items.get(pk, set()) for pk in lessons))


def read_windows(classrooms, memberships, assignments, now: datetime) -> Reads:
    """Lessons, their words and the four window reads (these last skipped when no one
    is in the classrooms), each one query whatever the number of classrooms."""
    courses = course_lessons(assignments)
    items = lesson_items({pk for a in assignments for pk in a.lessons_in(courses)})
    if not memberships:
        return Reads(courses, items)
    return Reads(
        courses,
        items,
        windowed_progress(memberships),
        windowed_attempts(classrooms),
        windowed_cards(classrooms, now),
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


def assignment_cell(assignment, grid: Grid, progress, cards, clock: LearnerClock, learner_id):
    if assignment.learner_id not in (None, learner_id):
        return Cell("not_assigned")
    if assignment.kind == Assignment.Kind.KEEP:
        items = grid.items.get(assignment.lesson_id, set())
        return keep_cell(assignment, items, cards, clock, grid.now)
    return work_cell(assignment, assignment.lessons_in(grid.courses), progress, clock.today)


def learner_row(membership, grid: Grid, progress, attempts, cards, reviews) -> LearnerRow:
    clock = learner_clock(membership, grid.now)
    count_days(cards, clock)
    row = LearnerRow(membership=membership, name=display_name(membership))
    row.cells = [
        assignment_cell(a, grid, progress, cards, clock, membership.learner_id)
        for a in grid.assignments
    ]
    row.lessons_done = sum(p["completed_at"] is not None for p in progress.values())
    row.scores_by_type = {a["block_type"]: a["average"] for a in attempts}
    fill_memory(row, cards, clock, grid)
    row.reviews_done = reviews.get("done", 0)
    row.reviews_due = row.reviews_done + sum(c["is_due"] for c in cards)
    moments = [p["last_activity_at"] for p in progress.values()]
    moments += [a["last"] for a in attempts] + [c["last_review"] for c in cards if c["last_review"]]
    moments += [reviews["last"]] if reviews else []
    row.last_active = max(moments, default=None)
    return row


def count_days(cards: list[dict], clock: LearnerClock) -> None:
    """Each card's day of last review, once per request for every moment judged."""
    for card in cards:
        reviewed = card["last_review"] is not None and card["stability"] is not None
        card["day"] = clock.day(card["last_review"]) if reviewed else None


def fill_memory(row: LearnerRow, cards: list[dict], clock: LearnerClock, grid: Grid) -> None:
    reviewed = [c for c in cards if c["day"] is not None]
    now_day, session_day = clock.day(grid.now), clock.day(grid.session_at)
    retentions = [clock.retention(c, now_day) for c in reviewed]
    row.average_retention = fmean(retentions) if retentions else None
    at_risk: dict[str, tuple[float, frozenset[int]]] = {}
    for card in reviewed:
        retention = clock.retention(card, session_day)
        if retention < RISK_THRESHOLD:
            lowest, items = at_risk.get(card["item__headword"], (1.0, frozenset()))
            at_risk[card["item__headword"]] = (min(retention, lowest), items | {card["item_id"]})
    row.words_at_risk = sorted(
        (WordAtRisk(word, retention, items) for word, (retention, items) in at_risk.items()),
        key=lambda word: word.retention,
    )
    row.leeches = len({c["item_id"] for c in cards if c["lapses"] >= LEECH_LAPSES})


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
    boards = [
        classroom_grid(room, members[room.pk], work[room.pk], reads, now=now, sort=sort)
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


def classroom_grid(classroom, memberships, assignments, reads: Reads, *, now, sort) -> Dashboard:
    session_at, session_on = session_start(classroom, now)
    grid = Grid(now, session_at, assignments, reads.courses, reads.items)
    rows = [learner_row(m, grid, *reads.of(m)) for m in memberships]
    if sort == "attention":
        rows.sort(key=lambda row: row.attention(now), reverse=True)
    else:
        rows.sort(key=lambda row: row.name.casefold())
    words = {a.pk: reads.words(a) for a in assignments}
    return Dashboard(classroom, assignments, rows, session_at, session_on, words)


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

"""Tutor reads: the classroom grid, each learner's numbers, session prep.

Rules:
- A tutor sees a learner's work only inside the membership window: attempts,
  progress and reviews from `joined_at` on, and nothing once the learner has
  left (left members are not rows).
- A cell is one learner × one assignment: "not_assigned" (the assignment is
  for someone else), "not_started", "in_progress", "done" (with the best
  score), "overdue" (not done after the due date); a "keep" assignment is
  "keeping" while every card of the lesson's words has a predicted retention
  at or above the target (evaluated now, or at the end of the due date once it
  has passed), "slipping" otherwise.
- Predicted retention is FSRS retrievability (`progress.scheduler`), computed
  in Python over one prefetched card list; a card never reviewed has none.
- A word is at risk when one of its cards is predicted below RISK_THRESHOLD at
  the start of the next session (the classroom's date, or a week from now).
- Reviews over the last 7 days: answers logged (ReviewLog) since joining,
  against those answers plus the cards due now.
- "Needs attention" sorts by overdue cells, then words at risk, then days
  since last active.
The whole grid costs a fixed number of queries, whatever the number of
learners and assignments.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from statistics import fmean

from django.db.models import Avg, Count, F, Max, Q

from lessons.models import LessonPage, LessonVocabulary
from progress.models import ExerciseAttempt, LessonProgress, ReviewCard, ReviewLog
from progress.scheduler import MemoryState, SchedulerConfig, State, retrievability

from .models import Assignment, Classroom, Membership

RISK_THRESHOLD = 0.8
LEECH_LAPSES = 4
REVIEW_WINDOW = timedelta(days=7)
DEFAULT_SESSION_GAP = timedelta(days=7)
STEPLEN = 4  # treebeard's path step


@dataclass(frozen=True)
class Cell:
    status: str
    score: float | None = None
    retention: float | None = None


@dataclass(frozen=True)
class WordAtRisk:
    headword: str
    retention: float


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

    @property
    def overdue(self) -> int:
        return sum(cell.status in {"overdue", "slipping"} for cell in self.cells)

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
    today: date


def session_start(classroom: Classroom, now: datetime) -> datetime:
    day = classroom.next_session_on
    if day is None or datetime.combine(day, time.min, tzinfo=UTC) <= now:
        return now + DEFAULT_SESSION_GAP
    return datetime.combine(day, time.min, tzinfo=UTC)


@lru_cache(maxsize=64)
def scheduler_config(time_zone: str, desired_retention: float) -> SchedulerConfig:
    return SchedulerConfig(time_zone=time_zone, desired_retention=desired_retention)


def memory_state(card: dict) -> MemoryState:
    return MemoryState(
        state=State(card["state"]),
        step=card["step"],
        stability=card["stability"],
        difficulty=card["difficulty"],
        due=card["due"],
        last_review=card["last_review"],
        reps=card["reps"],
    )


def card_retention(card: dict, config: SchedulerConfig, at: datetime) -> float | None:
    if card["last_review"] is None or card["stability"] is None:
        return None
    return retrievability(memory_state(card), now=max(at, card["last_review"]), config=config)


def learner_config(membership: Membership) -> SchedulerConfig:
    profile = getattr(membership.learner, "learner_profile", None)
    if profile is None:
        return scheduler_config("UTC", 0.9)
    return scheduler_config(profile.time_zone, profile.desired_retention)


def display_name(membership: Membership) -> str:
    profile = getattr(membership.learner, "learner_profile", None)
    return profile.display_name if profile else membership.learner.get_username()


# ---------------------------------------------------------------- fetching


def current_memberships(classroom: Classroom) -> list[Membership]:
    return list(
        Membership.objects.current()
        .filter(classroom=classroom)
        .select_related("learner__learner_profile")
        .order_by("joined_at", "pk")
    )


def course_lessons(assignments: list[Assignment]) -> dict[int, list[int]]:
    """{course id: live lesson ids in order} for the course assignments, in one query."""
    courses = {a.course.path: a.course_id for a in assignments if a.course_id}
    if not courses:
        return {}
    paths = Q()
    for path in courses:
        paths |= Q(path__startswith=path, depth=len(path) // STEPLEN + 1)
    found = defaultdict(list)
    for pk, path in (
        LessonPage.objects.live().filter(paths).order_by("path").values_list("pk", "path")
    ):
        found[courses[path[:-STEPLEN]]].append(pk)
    return dict(found)


def windowed_progress(joined: dict[int, datetime]) -> dict[int, dict[int, dict]]:
    """{learner id: {lesson id: progress}} touched since each learner joined."""
    rows = LessonProgress.objects.filter(
        learner_id__in=joined, last_activity_at__gte=min(joined.values(), default=None)
    ).values("learner_id", "lesson_id", "completed_at", "best_score", "last_activity_at")
    found = defaultdict(dict)
    for row in rows:
        if row["last_activity_at"] >= joined[row["learner_id"]]:
            found[row["learner_id"]][row["lesson_id"]] = row
    return found


def windowed_attempts(classroom: Classroom) -> dict[int, list[dict]]:
    """{learner id: [{block_type, average, last}]} over attempts since joining."""
    rows = (
        ExerciseAttempt.objects.filter(
            learner__classroom_memberships__classroom=classroom,
            learner__classroom_memberships__left_at__isnull=True,
            created_at__gte=F("learner__classroom_memberships__joined_at"),
        )
        .values("learner_id", "block_type")
        .annotate(average=Avg("score"), attempts=Count("pk"), last=Max("created_at"))
    )
    found = defaultdict(list)
    for row in rows:
        found[row["learner_id"]].append(row)
    return found


def windowed_cards(joined: dict[int, datetime]) -> dict[int, list[dict]]:
    """{learner id: cards} made or reviewed since each learner joined."""
    rows = ReviewCard.objects.filter(learner_id__in=joined).values(
        "learner_id", "item_id", "item__headword", "state", "step", "stability",
        "difficulty", "due", "last_review", "reps", "lapses", "created_at",
    )  # fmt: skip
    found = defaultdict(list)
    for card in rows:
        since = joined[card["learner_id"]]
        if card["created_at"] >= since or (card["last_review"] or since) > since:
            found[card["learner_id"]].append(card)
    return found


def windowed_reviews(classroom: Classroom, now: datetime) -> dict[int, dict]:
    """{learner id: {done, last}}: answers in the last REVIEW_WINDOW since joining."""
    rows = (
        ReviewLog.objects.filter(
            learner__classroom_memberships__classroom=classroom,
            learner__classroom_memberships__left_at__isnull=True,
            reviewed_at__gte=F("learner__classroom_memberships__joined_at"),
        )
        .since(now - REVIEW_WINDOW)
        .values("learner_id")
        .annotate(done=Count("pk"), last=Max("reviewed_at"))
    )
    return {row["learner_id"]: row for row in rows}


def lesson_items(lesson_ids: set[int]) -> dict[int, set[int]]:
    if not lesson_ids:
        return {}
    found = defaultdict(set)
    for page_id, item_id in LessonVocabulary.objects.filter(page_id__in=lesson_ids).values_list(
        "page_id", "item_id"
    ):
        found[page_id].add(item_id)
    return found


# ---------------------------------------------------------------- cells


def lesson_cell(assignment: Assignment, progress: dict[int, dict], today: date) -> Cell:
    row = progress.get(assignment.lesson_id)
    if row and row["completed_at"] is not None:
        return Cell("done", score=row["best_score"])
    if today > assignment.due_on:
        return Cell("overdue")
    return Cell("in_progress" if row else "not_started")


def course_cell(lesson_ids: list[int], progress: dict[int, dict], due: date, today: date) -> Cell:
    rows = [progress[pk] for pk in lesson_ids if pk in progress]
    done = [row for row in rows if row["completed_at"] is not None]
    if lesson_ids and len(done) == len(lesson_ids):
        return Cell("done", score=fmean(row["best_score"] for row in done))
    if today > due:
        return Cell("overdue")
    return Cell("in_progress" if rows else "not_started")


def keep_cell(
    assignment: Assignment, items: set[int], cards: list[dict], config, now: datetime
) -> Cell:
    due_end = datetime.combine(assignment.due_on + timedelta(days=1), time.min, tzinfo=UTC)
    at = min(now, due_end)
    held = [card_retention(c, config, at) for c in cards if c["item_id"] in items]
    held = [r for r in held if r is not None]
    if not held:
        return Cell("overdue" if now >= due_end else "not_started")
    kept = sum(r >= assignment.target_retention for r in held)
    status = "keeping" if kept == len(held) == 2 * len(items) else "slipping"
    return Cell(status, score=kept / (2 * len(items)), retention=min(held))


def cell_text(cell: Cell) -> str:
    """A cell as words, for the CSV export."""
    text = cell.status.replace("_", " ")
    if cell.score is not None:
        text += f" {cell.score:.0%}"
    if cell.retention is not None:
        text += f" (lowest retention {cell.retention:.0%})"
    return text


# ---------------------------------------------------------------- rows


def learner_row(membership, assignments, progress, attempts, cards, reviews, context) -> LearnerRow:
    now, today, session_at, courses, items = context
    config = learner_config(membership)
    row = LearnerRow(membership=membership, name=display_name(membership))
    for assignment in assignments:
        if assignment.learner_id not in (None, membership.learner_id):
            row.cells.append(Cell("not_assigned"))
        elif assignment.kind == Assignment.Kind.KEEP:
            row.cells.append(
                keep_cell(assignment, items.get(assignment.lesson_id, set()), cards, config, now)
            )
        elif assignment.course_id:
            lessons = courses.get(assignment.course_id, [])
            row.cells.append(course_cell(lessons, progress, assignment.due_on, today))
        else:
            row.cells.append(lesson_cell(assignment, progress, today))
    row.lessons_done = sum(p["completed_at"] is not None for p in progress.values())
    row.scores_by_type = {a["block_type"]: a["average"] for a in attempts}
    fill_memory(row, cards, config, now, session_at)
    row.reviews_done = reviews.get("done", 0)
    row.reviews_due = row.reviews_done + sum(c["due"] <= now for c in cards)
    moments = [p["last_activity_at"] for p in progress.values()]
    moments += [a["last"] for a in attempts] + [c["last_review"] for c in cards if c["last_review"]]
    moments += [reviews["last"]] if reviews else []
    row.last_active = max(moments, default=None)
    return row


def fill_memory(row: LearnerRow, cards: list[dict], config, now, session_at) -> None:
    reviewed = [c for c in cards if c["last_review"] is not None]
    now_retention = [r for c in reviewed if (r := card_retention(c, config, now)) is not None]
    row.average_retention = fmean(now_retention) if now_retention else None
    at_risk: dict[str, float] = {}
    for card in reviewed:
        retention = card_retention(card, config, session_at)
        if retention is not None and retention < RISK_THRESHOLD:
            headword = card["item__headword"]
            at_risk[headword] = min(retention, at_risk.get(headword, 1.0))
    row.words_at_risk = sorted(
        (WordAtRisk(word, retention) for word, retention in at_risk.items()),
        key=lambda word: word.retention,
    )
    row.leeches = len({c["item_id"] for c in cards if c["lapses"] >= LEECH_LAPSES})


def classroom_dashboard(
    classroom: Classroom, *, now: datetime, sort: str = "attention"
) -> Dashboard:
    """The grid of current learners × active assignments, in a fixed number of queries."""
    today = now.date()
    memberships = current_memberships(classroom)
    assignments = list(classroom.assignments.active().select_related("lesson", "course"))
    joined = {m.learner_id: m.joined_at for m in memberships}
    keep_lessons = {a.lesson_id for a in assignments if a.kind == Assignment.Kind.KEEP}
    session_at = session_start(classroom, now)
    context = (now, today, session_at, course_lessons(assignments), lesson_items(keep_lessons))
    progress = windowed_progress(joined) if joined else {}
    attempts = windowed_attempts(classroom) if joined else {}
    cards = windowed_cards(joined) if joined else {}
    reviews = windowed_reviews(classroom, now) if joined else {}
    rows = [
        learner_row(
            m, assignments, progress.get(m.learner_id, {}), attempts.get(m.learner_id, []),
            cards.get(m.learner_id, []), reviews.get(m.learner_id, {}), context,
        )
        for m in memberships
    ]  # fmt: skip
    if sort == "attention":
        rows.sort(key=lambda row: row.attention(now), reverse=True)
    else:
        rows.sort(key=lambda row: row.name.casefold())
    return Dashboard(classroom, assignments, rows, session_at, today)


# ---------------------------------------------------------------- one learner


@dataclass
class LessonWork:
    progress: LessonProgress
    comments: list


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
            row, [c for c in row.tutor_comments.all() if c.classroom_id == membership.classroom_id]
        )
        for row in rows
    ]

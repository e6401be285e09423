"""Rendering a tutor's classroom dashboard for 50 learners × 20 assignments, against
a bare Django view drawing the grid's columns and cells from the same rows (the
floor: the rows the grid is made of, read by one plain SQL statement each, and no
status rules, no learner days, no retention maths, no page around the table).
Both go through the same test client, middleware and signed-in session, in one
child process with a throwaway database built by migrations; the ratio is the
dashboard's cost over the floor. The grid function alone, and its summary of the
review cards alone, are timed too, to say where the request's time goes."""

import json
import statistics
import time
from functools import cache
from html import escape

from .report import Section, database_label, in_child, interleaved, spread

LEARNERS = 50
ASSIGNMENTS = 20
WORDS_PER_LESSON = 5
RUNS = 15
FLOOR_TEMPLATE = """<!DOCTYPE html><html><body><table><thead><tr><th>Learner</th>
{% for a in assignments %}<th><a href="/a/{{ a.0 }}/">{{ a.2 }}</a></th>{% endfor %}
<th>Lessons done</th><th>Reviews</th><th>Retention</th><th>Words at risk</th><th>Leeches</th>
<th>Scores</th><th>Last active</th></tr></thead><tbody>
{% for row in rows %}<tr><th><a href="/l/{{ row.learner }}/">{{ row.name }}</a>
{% if row.level %}<span>{{ row.level }}</span>{% endif %}</th>
{{ row.cells }}
<td>{{ row.done }}</td><td>{{ row.reviews }} / {{ row.due }}</td><td>{{ row.stability }}</td>
<td>0</td><td>{{ row.leeches }}</td><td>{% for kind, score in row.scores %}{{ kind }}
{{ score }}{% endfor %}</td><td>{{ row.last|date:"Y-m-d" }}</td></tr>{% endfor %}</tbody></table>
</body></html>"""
# The floor's reads: the rows the grid is made of, by plain SQL on the same windows
# (current members, since joining), with no rule applied: no learner day, no
# retrievability, no status beyond what a progress row says.
MEMBERS = "FROM courses_membership m {join} WHERE m.classroom_id = %(room)s AND m.left_at IS NULL"
FLOOR_SQL = {
    "rows": MEMBERS.format(join="LEFT JOIN accounts_learnerprofile p ON p.user_id = m.learner_id"),
    "assignments": "FROM courses_assignment a JOIN wagtailcore_page page ON page.id = a.lesson_id"
    " WHERE a.classroom_id = %(room)s AND a.cancelled_at IS NULL",
    "progress": MEMBERS.format(join="JOIN progress_lessonprogress lp ON lp.learner_id ="
                               " m.learner_id AND lp.last_activity_at >= m.joined_at"),
    "cards": MEMBERS.format(join="JOIN progress_reviewcard c ON c.learner_id = m.learner_id AND"
                            " (c.created_at >= m.joined_at OR c.last_review > m.joined_at)"),
    "reviews": MEMBERS.format(join="JOIN progress_reviewlog r ON r.learner_id = m.learner_id"
                              " AND r.reviewed_at >= m.joined_at AND r.reviewed_at >= %(week)s"),
    "attempts": MEMBERS.format(join="JOIN progress_exerciseattempt e ON e.learner_id ="
                               " m.learner_id AND e.created_at >= m.joined_at"),
    "placements": MEMBERS.format(join="JOIN progress_placementtest t ON t.learner_id ="
                                 " m.learner_id AND t.finished_at IS NOT NULL"),
}  # fmt: skip
SELECTS = {
    "rows": "SELECT m.id, m.learner_id, p.display_name {} ORDER BY m.joined_at, m.id",
    "assignments": "SELECT a.id, a.lesson_id, page.title {} ORDER BY a.id",
    "progress": "SELECT m.id, lp.lesson_id, lp.completed_at, lp.best_score, lp.last_activity_at {}",
    "cards": "SELECT m.id, SUM(CASE WHEN c.due <= %(now)s THEN 1 ELSE 0 END),"
    " COUNT(DISTINCT CASE WHEN c.lapses >= 4 THEN c.item_id END), AVG(c.stability),"
    " MAX(c.last_review) {} GROUP BY m.id",
    "reviews": "SELECT m.id, COUNT(*), MAX(r.reviewed_at) {} GROUP BY m.id",
    "attempts": "SELECT m.id, e.block_type, AVG(e.score), MAX(e.created_at) {}"
    " GROUP BY m.id, e.block_type",
    "placements": "SELECT m.id, t.level {} ORDER BY t.finished_at",
}


def floor_reads(room: int) -> dict[str, list]:
    """Each of the floor's reads, one statement each through a bare cursor."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    params = {"room": room, "now": now, "week": now - timedelta(days=7)}
    with connection.cursor() as cursor:
        found = {}
        for name, select in SELECTS.items():
            cursor.execute(select.format(FLOOR_SQL[name]), params)
            found[name] = cursor.fetchall()
    return found


def floor_rows(reads: dict[str, list]) -> list[dict]:
    """The grid's rows from the floor's reads: a cell is what its progress row says."""
    from django.utils.safestring import mark_safe

    from progress.queue_query import aware  # SQLite: moments naive, or text from MAX()

    progress, attempts = {}, {}
    for membership, lesson, *row in reads["progress"]:
        progress.setdefault(membership, {})[lesson] = row  # completed, best, last activity
    for membership, kind, score, _ in reads["attempts"]:
        attempts.setdefault(membership, []).append((kind, f"{score:.0%}"))
    cards = {row[0]: row[1:] for row in reads["cards"]}
    reviews = {row[0]: row[1:] for row in reads["reviews"]}
    placements = dict(reads["placements"])  # the latest finished test last
    rows = []
    for membership, learner, name in reads["rows"]:
        mine = progress.get(membership, {})
        due, leeches, stability, last = cards.get(membership, (0, 0, None, None))
        done = reviews.get(membership, (0, None))[0]
        moments = [aware(row[2]) for row in mine.values()] + [aware(last)] * bool(last)
        row = {"learner": learner, "name": name, "reviews": done, "due": done + due}
        # A row's cells written at once, as the grid's tag writes them.
        cells = (floor_cell(mine.get(lesson)) for _, lesson, _ in reads["assignments"])
        row["cells"] = mark_safe("".join(cells))  # noqa: S308 (escaped in floor_cell)
        row["done"] = sum(lesson[0] is not None for lesson in mine.values())
        row.update(stability=stability, leeches=leeches, scores=attempts.get(membership, []))
        row["last"] = max(moments, default=None)
        row["level"] = placements.get(membership)
        rows.append(row)
    return rows


def floor_cell(progress) -> str:
    if progress is None:
        status, text = "not_started", "not started"
    elif progress[0] is None:
        status, text = "in_progress", "in progress"
    else:
        status, text = "done", f"done {progress[1]:.0%}"
    return f'<td class="cell cell--{status}">{escape(text)}</td>'


@cache
def floor_template():
    """Compiled once, as the project's cached template loader keeps its templates."""
    from django.template import engines

    return engines["django"].from_string(FLOOR_TEMPLATE)


def floor_view(request, pk: int):
    """The floor: the grid's cells and columns from the same rows, no rules, no ORM."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse

    @login_required
    def view(request):
        reads = floor_reads(pk)
        context = {"rows": floor_rows(reads), "assignments": reads["assignments"]}
        return HttpResponse(floor_template().render(context, request))

    return view(request)


def populate():
    """A classroom of LEARNERS learners with ASSIGNMENTS assignments, some progress,
    attempts and review cards for every learner; returns (tutor, classroom)."""
    from datetime import timedelta

    from django.utils import timezone

    from courses.models import Assignment
    from tests.factories.accounts import learner
    from tests.factories.courses import AssignmentFactory, ClassroomFactory, MembershipFactory
    from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory

    now = timezone.now()
    classroom = ClassroomFactory()
    lessons = [
        LessonPageFactory(words=[VocabularyItemFactory() for _ in range(WORDS_PER_LESSON)])
        for _ in range(ASSIGNMENTS)
    ]
    items = [item for lesson in lessons for item in lesson.vocabulary_items()]
    for i, lesson in enumerate(lessons):
        kind = Assignment.Kind.KEEP if i % 4 == 0 else Assignment.Kind.COMPLETE
        AssignmentFactory(classroom=classroom, lesson=lesson, kind=kind)
    joined = now - timedelta(days=30)
    for n in range(LEARNERS):
        user = learner(display_name=f"Learner {n}")
        MembershipFactory(classroom=classroom, learner=user, joined_at=joined)
        study(user, n, lessons[: n % ASSIGNMENTS], items, now)
    return classroom.tutor, classroom


def study(user, n: int, lessons, items, now) -> None:
    """The nth learner's progress and attempts in `lessons`, and a card per item and direction."""
    from datetime import timedelta

    from progress.models import ReviewCard
    from tests.factories.progress import ExerciseAttemptFactory, LessonProgressFactory

    for lesson in lessons:
        LessonProgressFactory(
            learner=user, lesson=lesson, started_at=now, last_activity_at=now,
            completed_at=now if n % 3 else None, best_score=0.8,
        )  # fmt: skip
        ExerciseAttemptFactory(learner=user, lesson=lesson, created_at=now)
    ReviewCard.objects.bulk_create(
        ReviewCard(
            learner=user, item=item, direction=direction, state=2, step=None,
            stability=1.0 + (n + item.pk) % 40, difficulty=5.0, due=now,
            last_review=now - timedelta(days=(n + item.pk) % 9), reps=3,
            lapses=(n + item.pk) % 6,
        )
        for item in items
        for direction in ("recognition", "production")
    )  # fmt: skip


def once(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def timed_side_by_side(calls: dict) -> dict[str, list[float]]:
    """Each call once per trial, interleaved (report.interleaved), after a warm-up
    (caches, templates and the session)."""
    for call in calls.values():
        call()
    trials = interleaved(lambda name: once(calls[name]), list(calls), RUNS)
    return {name: [trial[name] for trial in trials] for name in calls}


def get(client, url: str):
    def call():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return call


def card_summary_of(classroom):
    """The grid's read of the review cards alone (`courses.card_summary.memories`),
    judged as the grid judges them."""
    from django.utils import timezone

    from courses import dashboard
    from courses.card_summary import memories
    from courses.models import Assignment
    from courses.windows import current_memberships

    def call():
        now, rooms = timezone.now(), [classroom]
        members = current_memberships(rooms)
        work = list(Assignment.objects.active().filter(classroom=classroom))
        grid = dashboard.grid_of(classroom, work, dashboard.read_windows(rooms, [], work, now), now)
        judges = [grid.judge(m, dashboard.learner_clock(m, now)) for m in members]
        return memories(rooms, judges, now)

    return call


def measure() -> dict:
    """Run in the child process: build a database, fill it, time both views."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.utils import timezone

    from courses.dashboard import classroom_dashboard

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        tutor, classroom = populate()
        client = Client()
        client.force_login(tutor)
        with override_settings(ROOT_URLCONF="benchmarks.tutor_dashboard"):
            result = timed_side_by_side({
                "dashboard": get(client, f"/tutor/classrooms/{classroom.pk}/"),
                "floor": get(client, f"/bench/floor/{classroom.pk}/"),
                "grid": lambda: classroom_dashboard(classroom, now=timezone.now()),
                "cards": card_summary_of(classroom),
            })  # fmt: skip
        result["database"] = database_label(connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return result


def urlpatterns_for_benchmark():
    from django.urls import include, path

    return [path("bench/floor/<int:pk>/", floor_view), path("", include("cms.urls"))]


def run(args) -> Section:
    result = in_child("benchmarks.tutor_dashboard")
    return Section(
        title="Tutor dashboard (50 learners × 20 assignments)",
        summary=summary(result["database"]),
        header=["view", "median time", "vs floor"],
        rows=rows(result),
        database=result["database"],
        notes=notes(result),
    )


def rows(result: dict) -> list[list[str]]:
    """Each timed part's median and its ratio to the floor, taken within each trial."""

    def ratios(key: str) -> list[float]:
        return [a / b for a, b in zip(result[key], result["floor"], strict=True)]

    return [
        [label, f"{statistics.median(result[key]) * 1000:.1f} ms", spread(ratios(key), digits=1)]
        for label, key in (
            ("classroom dashboard", "dashboard"),
            ("of which the grid (`classroom_dashboard`)", "grid"),
            ("of which the review cards' summary (`card_summary.memories`)", "cards"),
            ("bare view, same cells from the same rows (floor)", "floor"),
        )
    ]


def summary(database: str) -> str:
    return (
        f"One GET of a classroom dashboard with {LEARNERS} learners and {ASSIGNMENTS} "
        f"assignments (one in four a 'keep' assignment, {WORDS_PER_LESSON} words per "
        f"lesson, every learner holding {2 * WORDS_PER_LESSON * ASSIGNMENTS} review "
        "cards), against a bare view, signed in through the same client and middleware, "
        "that reads the rows the grid is made of (members and their names, assignments "
        "and their titles, progress, cards, answers and attempts in each member's "
        "window, placement tests) by one plain SQL statement each and renders the "
        "grid's columns and cells from them, with no rule applied (no learner day, no "
        "retrievability, a cell being what its progress row says) and no page around "
        "the table. "
        f"{RUNS} interleaved trials after one warm-up, {database}, same process, "
        "each ratio taken within its trial (median, lowest–highest); the "
        "grid row times the dashboard's reads and rules alone, without request or template."
    )


def notes(result: dict) -> str:
    dashboard, grid, cards = (
        statistics.median(result[key]) for key in ("dashboard", "grid", "cards")
    )
    return (
        "The dashboard's query count does not grow with learners or assignments "
        "(tests/courses/test_dashboard.py asserts it). The grid is "
        f"{grid / dashboard:.0%} of the request, and the summary of the "
        f"{LEARNERS * 2 * WORDS_PER_LESSON * ASSIGNMENTS:,} review cards "
        f"{cards / grid:.0%} of the grid (on PostgreSQL one statement: each card's "
        "learner day by `AT TIME ZONE`, FSRS retrievability by `power()`, words at risk "
        "and keep counts aggregated, `courses.card_summary_sql`; on SQLite the cards "
        "are read and judged in Python). The rest of the request is middleware, the "
        "page around the grid (its forms and class charts, which the floor does not "
        "draw) and the template, whose cells are written by one tag per row."
    )


def __getattr__(name):
    # Django reads `urlpatterns` from the ROOT_URLCONF module only in the child.
    if name == "urlpatterns":
        return urlpatterns_for_benchmark()
    raise AttributeError(name)


if __name__ == "__main__":
    print(json.dumps(measure()))  # noqa: T201

"""Rendering a tutor's classroom dashboard for 50 learners × 20 assignments, against
a bare Django view that renders the same number of cells from a plain list (the
floor: no queries, no status rules, no retention maths). Both go through the
same test client, middleware and session, in one child process with a throwaway
database built by migrations; the ratio is the dashboard's cost over the floor.
The grid function alone, and its read of the review cards alone, are timed too,
to say where the request's time goes."""

import json
import os
import statistics
import subprocess
import sys
import time

from .report import Section, database_label, interleaved, spread

LEARNERS = 50
ASSIGNMENTS = 20
WORDS_PER_LESSON = 5
RUNS = 15
FLOOR_TEMPLATE = """<!DOCTYPE html><html><body><table>
{% for row in rows %}<tr><th>{{ row.name }}</th>{% for cell in row.cells %}<td>{{ cell }}</td>
{% endfor %}</tr>{% endfor %}</table></body></html>"""


def floor_view(request):
    from django.http import HttpResponse
    from django.template import engines

    rows = [
        {"name": f"Learner {n}", "cells": [f"done {a}%" for a in range(ASSIGNMENTS)]}
        for n in range(LEARNERS)
    ]
    template = engines["django"].from_string(FLOOR_TEMPLATE)
    return HttpResponse(template.render({"rows": rows}, request))


def populate():
    """A classroom of LEARNERS learners with ASSIGNMENTS assignments, some progress,
    attempts and review cards for every learner; returns (tutor, classroom)."""
    from datetime import timedelta

    from django.utils import timezone

    from courses.models import Assignment
    from progress.models import ReviewCard
    from tests.factories.accounts import learner
    from tests.factories.courses import AssignmentFactory, ClassroomFactory, MembershipFactory
    from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
    from tests.factories.progress import ExerciseAttemptFactory, LessonProgressFactory

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
        for lesson in lessons[: n % ASSIGNMENTS]:
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
    return classroom.tutor, classroom


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


def measure() -> dict:
    """Run in the child process: build a database, fill it, time both views."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings, setup_test_environment
    from django.utils import timezone

    from courses.dashboard import classroom_dashboard
    from courses.windows import windowed_cards

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, serialize=False)
    try:
        tutor, classroom = populate()
        client = Client()
        client.force_login(tutor)
        with override_settings(ROOT_URLCONF="benchmarks.tutor_dashboard"):
            result = timed_side_by_side(
                {
                    "dashboard": get(client, f"/tutor/classrooms/{classroom.pk}/"),
                    "floor": get(client, "/bench/floor/"),
                    "grid": lambda: classroom_dashboard(classroom, now=timezone.now()),
                    "cards": lambda: windowed_cards([classroom], timezone.now()),
                }
            )
        result["database"] = database_label(connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return result


def urlpatterns_for_benchmark():
    from django.urls import include, path

    return [path("bench/floor/", floor_view), path("", include("cms.urls"))]


def run(args) -> Section:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.tutor_dashboard"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"},
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    dashboard, floor, grid, cards = (
        statistics.median(result[key]) for key in ("dashboard", "floor", "grid", "cards")
    )
    database = result["database"]

    def ratios(key: str) -> list[float]:
        return [a / b for a, b in zip(result[key], result["floor"], strict=True)]

    rows = [
        [label, f"{statistics.median(result[key]) * 1000:.1f} ms", spread(ratios(key), digits=1)]
        for label, key in (
            ("classroom dashboard", "dashboard"),
            ("of which the grid (`classroom_dashboard`)", "grid"),
            ("of which reading the review cards", "cards"),
            ("bare view, same cells (floor)", "floor"),
        )
    ]
    return Section(
        title="Tutor dashboard (50 learners × 20 assignments)",
        summary=(
            f"One GET of a classroom dashboard with {LEARNERS} learners and {ASSIGNMENTS} "
            f"assignments (one in four a 'keep' assignment, {WORDS_PER_LESSON} words per "
            f"lesson, every learner holding {2 * WORDS_PER_LESSON * ASSIGNMENTS} review "
            "cards), against a bare view rendering the same number of cells from a plain "
            f"list. {RUNS} interleaved trials after one warm-up, {database}, same process, "
            "each ratio taken within its trial (median, lowest–highest); the "
            "grid row times the dashboard's reads and rules alone, without request or template."
        ),
        header=["view", "median time", "vs floor"],
        rows=rows,
        database=database,
        notes=(
            "The dashboard's query count does not grow with learners or assignments "
            "(tests/courses/test_dashboard.py asserts it). The grid is "
            f"{grid / dashboard:.0%} of the request, and reading the "
            f"{LEARNERS * 2 * WORDS_PER_LESSON * ASSIGNMENTS:,} review cards "
            f"{cards / grid:.0%} of the grid. The rest of the grid is the other reads "
            "and, per card, its "
            "learner day counted once and FSRS retrievability at two moments over plain "
            "numbers (`progress.scheduler.retrievability_after`, no py-fsrs card built); "
            "the rest of the request is middleware and the template, whose cells are "
            "rendered inline."
        ),
    )


def __getattr__(name):
    # Django reads `urlpatterns` from the ROOT_URLCONF module only in the child.
    if name == "urlpatterns":
        return urlpatterns_for_benchmark()
    raise AttributeError(name)


if __name__ == "__main__":
    print(json.dumps(measure()))  # noqa: T201

"""The dashboard benchmark's floor draws what the dashboard draws: one cell per
learner and assignment and a row per current learner, from the same classroom's
rows (it reads them, it does not make them up)."""

import re

import pytest

from benchmarks import tutor_dashboard
from progress.models import LessonProgress

CELL = re.compile(r'<td class="cell cell--(\w+)">')


@pytest.mark.django_db
def test_the_floor_draws_the_dashboards_cells_and_learners(client, monkeypatch, settings):
    monkeypatch.setattr(tutor_dashboard, "LEARNERS", 3)
    monkeypatch.setattr(tutor_dashboard, "ASSIGNMENTS", 4)
    tutor, classroom = tutor_dashboard.populate()
    settings.ROOT_URLCONF = "benchmarks.tutor_dashboard"
    client.force_login(tutor)
    page = client.get(f"/tutor/classrooms/{classroom.pk}/").content.decode()
    floor = client.get(f"/bench/floor/{classroom.pk}/").content.decode()
    assert len(CELL.findall(floor)) == len(CELL.findall(page)) == 3 * 4
    for n in range(3):
        assert f">Learner {n}</a>" in floor and f">Learner {n}</a>" in page
    # The floor applies no rule: each cell says what its progress row says.
    completed = LessonProgress.objects.filter(completed_at__isnull=False).count()
    started = LessonProgress.objects.count() - completed
    assert CELL.findall(floor).count("done") == completed > 0
    assert CELL.findall(floor).count("in_progress") == started

"""The classroom CSV: a BOM for Excel, the screen's columns, the tutor's language."""

import csv
import io
import re

from django.urls import reverse
from django.utils import translation

import pytest

from tests.factories.accounts import learner
from tests.factories.courses import MembershipFactory, tutor
from tests.factories.progress import ExerciseAttemptFactory

pytestmark = pytest.mark.django_db


def export(client, room, language="en"):
    url = reverse("courses:classroom_csv", args=[room[0].classroom_id])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def table(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def screen_columns(client, room, language="en") -> list[str]:
    url = reverse("courses:classroom", args=[room[0].classroom_id])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    head = page.split('<table class="grid" id="grid">')[1].split("</thead>")[0]
    cells = re.findall(r'<th scope="col">(.*?)</th>', head, flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_the_csv_starts_with_a_utf8_bom_and_keeps_korean_names(client, room):
    MembershipFactory(classroom=room[0].classroom, learner=learner(display_name="새별"))
    client.force_login(room[0].classroom.tutor)
    response = export(client, room)
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert [row[0] for row in table(response)[1:]] == ["Sparrow", "새별"]


def test_the_csv_has_every_column_the_screen_shows(client, room):
    assignment = room[0]
    client.force_login(assignment.classroom.tutor)
    header = table(export(client, room))[0]
    screen = screen_columns(client, room)
    assert header[0] == screen[0] == "Learner"
    assert header[1].startswith(assignment.lesson.title)
    # The screen's "done / due" reviews column is two numbers in a spreadsheet.
    assert screen[2:] == [
        "Lessons done", "Reviews (7 days)", "Retention", "Words at risk", "Leeches",
        "Scores by exercise", "Last active",
    ]  # fmt: skip
    assert header[2:] == [
        "Lessons done", "Reviews done (7 days)", "Reviews due (7 days)", "Retention",
        "Words at risk", "Leeches", "Scores by exercise", "Last active",
    ]  # fmt: skip
    rows = table(export(client, room))
    assert len(rows[1]) == len(header)
    assert rows[1][1] == "in progress"


def test_the_csv_speaks_the_tutors_language(client, room):
    client.force_login(room[0].classroom.tutor)
    rows = table(export(client, room, language="ko"))
    with translation.override("ko"):
        assert rows[0][0] == translation.gettext("Learner") != "Learner"
        assert rows[1][1] == translation.gettext("in progress")
    assert "복습" in rows[0][3]


def test_a_stranger_is_refused_the_csv(client, room):
    client.force_login(tutor())
    assert export(client, room).status_code == 404
    client.force_login(room[1].learner)
    assert export(client, room).status_code == 403
    client.logout()
    assert export(client, room).status_code == 302


def test_scores_by_exercise_are_named_not_coded_on_the_screen_and_in_the_csv(client, room):
    assignment, membership, _ = room
    ExerciseAttemptFactory(
        learner=membership.learner, lesson=assignment.lesson, block_type="gap_fill", score=0.5
    )
    client.force_login(assignment.classroom.tutor)
    page = client.get(reverse("courses:classroom", args=[assignment.classroom_id]))
    assert "Gap fill 50%" in page.content.decode() and "gap_fill" not in page.content.decode()
    assert table(export(client, room))[1][-2] == "Gap fill 50%"

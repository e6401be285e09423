"""Who is behind, across all of a tutor's classrooms: the page, its CSV, who may
see it, and its query count as classrooms and learners grow."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from courses.behind import behind_learners
from courses.dashboard import classroom_dashboards
from courses.models import Assignment, Classroom
from progress.models import ReviewCard
from tests.factories.accounts import learner
from tests.factories.courses import (
    AssignmentFactory,
    ClassroomFactory,
    CoursePageFactory,
    MembershipFactory,
    tutor,
)
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import LessonProgressFactory

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

JOINED = NOW - timedelta(days=10)
YESTERDAY = date(2026, 11, 19)
NEXT_WEEK = date(2026, 11, 27)


def member(classroom, name, joined=JOINED):
    return MembershipFactory(
        classroom=classroom, learner=learner(display_name=name), joined_at=joined
    ).learner


def forgetting(user, item):
    """A card the learner will have forgotten by the next session (retention well below 80%)."""
    return ReviewCard.objects.create(
        learner=user, item=item, direction="recognition", state=2, step=None, due=NOW,
        stability=1.0, difficulty=8.0, last_review=NOW - timedelta(days=3), reps=2,
    )  # fmt: skip


def remembered(user, item):
    return ReviewCard.objects.create(
        learner=user, item=item, direction="recognition", state=2, step=None,
        due=NOW + timedelta(days=200), stability=300.0, difficulty=3.0,
        last_review=NOW - timedelta(days=1), reps=5,
    )  # fmt: skip


def finish(user, lesson, when=NOW):
    LessonProgressFactory(
        learner=user, lesson=lesson, started_at=when, last_activity_at=when,
        completed_at=when, best_score=0.9,
    )  # fmt: skip


@pytest.fixture
def pharmacy():
    """An overdue "complete" assignment of a lesson teaching pharmacy and bread."""
    words = {w: VocabularyItemFactory(headword=w) for w in ("pharmacy", "bread", "visa")}
    lesson = LessonPageFactory(title="At the pharmacy", words=[words["pharmacy"], words["bread"]])
    classroom = ClassroomFactory(name="Tuesday evening", next_session_on=NEXT_WEEK)
    assignment = AssignmentFactory(classroom=classroom, lesson=lesson, due_on=YESTERDAY)
    return assignment, words


def page(client, user=None) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("courses:behind"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, name: str) -> str:
    """The page's rows for one learner."""
    start = html.index(f'<tbody data-learner="{name}">')
    return html[start : html.index("</tbody>", start)]


def test_a_learner_behind_appears_with_the_assignments_words_at_risk(client, pharmacy):
    assignment, words = pharmacy
    sparrow = member(assignment.classroom, "Sparrow")
    forgetting(sparrow, words["pharmacy"])
    forgetting(sparrow, words["visa"])  # at risk, but not taught by this assignment
    remembered(sparrow, words["bread"])
    rows = section(page(client, assignment.classroom.tutor), "Sparrow")
    assert "Tuesday evening" in rows and "At the pharmacy" in rows
    assert "overdue" in rows and "2026-11-19" in rows
    words_cell = re.search(r'<td class="words-at-risk">(.*?)</td>', rows, flags=re.S).group(1)
    assert '<span lang="en">pharmacy</span>' in words_cell
    assert "visa" not in words_cell and "bread" not in words_cell


def test_a_learner_on_track_is_not_listed(client, pharmacy):
    assignment, words = pharmacy
    behind, on_track = (member(assignment.classroom, n) for n in ("Sparrow", "Heron"))
    finish(on_track, assignment.lesson)
    forgetting(on_track, words["pharmacy"])  # words at risk alone do not make work late
    html = page(client, assignment.classroom.tutor)
    assert 'data-learner="Sparrow"' in html
    assert "Heron" not in html


def test_a_learner_of_another_tutors_classroom_never_appears(client, pharmacy):
    assignment, _ = pharmacy
    member(assignment.classroom, "Sparrow")
    elsewhere = AssignmentFactory(due_on=YESTERDAY)
    member(elsewhere.classroom, "Stranger")
    html = page(client, assignment.classroom.tutor)
    assert 'data-learner="Sparrow"' in html
    assert "Stranger" not in html
    assert "Stranger" not in client.get(reverse("courses:behind_csv")).content.decode()


def test_a_co_tutor_sees_the_learners_of_the_classroom_they_co_teach(client, pharmacy):
    assignment, _ = pharmacy
    member(assignment.classroom, "Sparrow")
    co_tutor = tutor()
    assignment.classroom.co_tutors.add(co_tutor)
    assert 'data-learner="Sparrow"' in page(client, co_tutor)


@pytest.mark.parametrize("name", ["behind", "behind_csv"])
def test_learners_and_visitors_are_refused(client, pharmacy, name):
    assignment, _ = pharmacy
    sparrow = member(assignment.classroom, "Sparrow")
    url = reverse(f"courses:{name}")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(sparrow)
    assert client.get(url).status_code == 403


def test_the_most_behind_come_first_and_a_slipping_keep_assignment_counts(client, pharmacy):
    assignment, words = pharmacy
    classroom = assignment.classroom
    keep = AssignmentFactory(
        classroom=classroom, lesson=assignment.lesson, kind=Assignment.Kind.KEEP, due_on=NEXT_WEEK
    )
    once, twice = member(classroom, "Once"), member(classroom, "Twice")
    finish(once, assignment.lesson)
    for user in (once, twice):
        forgetting(user, words["pharmacy"])
        remembered(user, words["bread"])
    [first, second] = behind_learners([classroom], now=NOW)
    assert (first.row.name, second.row.name) == ("Twice", "Once")
    assert [(w.assignment, w.cell.status) for w in first.work] == [
        (assignment, "overdue"), (keep, "slipping"),
    ]  # fmt: skip
    assert [(w.assignment, w.cell.status) for w in second.work] == [(keep, "slipping")]
    assert [word.headword for word in second.work[0].words_at_risk] == ["pharmacy"]
    rows = section(page(client, classroom.tutor), "Once")
    assert re.search(r"slipping \d+%", rows)


def test_a_tutor_without_classrooms_or_with_nobody_behind_is_told_so(client, pharmacy):
    html = page(client, tutor())
    assert "You have no classroom yet." in html and 'id="behind"' not in html
    assignment, _ = pharmacy
    finish(member(assignment.classroom, "Sparrow"), assignment.lesson)
    html = page(client, assignment.classroom.tutor)
    assert "Nobody is behind" in html and 'id="behind"' not in html


def test_each_classroom_judges_a_learner_from_when_they_joined_it(pharmacy):
    assignment, _ = pharmacy
    later = ClassroomFactory(tutor=assignment.classroom.tutor)
    again = AssignmentFactory(classroom=later, lesson=assignment.lesson, due_on=YESTERDAY)
    sparrow = member(assignment.classroom, "Sparrow", joined=JOINED)
    MembershipFactory(classroom=later, learner=sparrow, joined_at=NOW - timedelta(days=1))
    finish(sparrow, assignment.lesson, when=NOW - timedelta(days=5))
    boards = classroom_dashboards([assignment.classroom, later], now=NOW)
    assert [board.rows[0].cells[0].status for board in boards] == ["done", "overdue"]
    [entry] = behind_learners([assignment.classroom, later], now=NOW)
    assert (entry.classroom, entry.work[0].assignment) == (later, again)


# ---------------------------------------------------------------- the CSV


def table(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))


def screen_columns(html: str) -> list[str]:
    head = html.split('<table class="grid" id="behind">')[1].split("</thead>")[0]
    return re.findall(r'<th scope="col">(.*?)</th>', head)


def test_the_csv_has_a_bom_and_every_column_the_screen_shows(client, pharmacy):
    assignment, words = pharmacy
    forgetting(member(assignment.classroom, "새별"), words["pharmacy"])
    html = page(client, assignment.classroom.tutor)
    response = client.get(reverse("courses:behind_csv"))
    assert response.content.startswith(b"\xef\xbb\xbf")
    [header, row] = table(response.content.decode())
    assert header == screen_columns(html) == [
        "Learner", "Classroom", "Assignment", "Status", "Due", "Words at risk",
    ]  # fmt: skip
    assert row[:5] == ["새별", "Tuesday evening", "At the pharmacy", "overdue", "2026-11-19"]
    assert re.fullmatch(r"pharmacy \d+%", row[5])


# ---------------------------------------------------------------- queries


def populate(classrooms: int, learners: int, course) -> Classroom:
    """A tutor's classrooms, each learner behind on two of three assignments and
    forgetting the words of both."""
    lessons, items = course
    teacher = tutor()
    for _ in range(classrooms):
        room = ClassroomFactory(tutor=teacher, next_session_on=NEXT_WEEK)
        AssignmentFactory(classroom=room, lesson=lessons[0], due_on=YESTERDAY)
        AssignmentFactory(classroom=room, lesson=lessons[1], kind=Assignment.Kind.KEEP)
        AssignmentFactory(classroom=room, lesson=None, course=lessons[0].get_parent().specific)
        for n in range(learners):
            user = member(room, f"Learner {room.pk}-{n}")
            finish(user, lessons[1])
            for item in items:
                forgetting(user, item)
    return teacher


@pytest.fixture
def course():
    course = CoursePageFactory()
    items = [VocabularyItemFactory() for _ in range(3)]
    return [LessonPageFactory(parent=course, words=items) for _ in range(2)], items


def late_rows(name: str, content: str) -> int:
    if name == "behind_csv":
        return len(table(content)) - 1
    return content.count("<tr>") - 1  # the header's row


@pytest.mark.parametrize("name", ["behind", "behind_csv"])
def test_the_page_costs_the_same_queries_for_2x5_and_6x30_learners(
    client, django_assert_max_num_queries, course, name
):
    url = reverse(f"courses:{name}")
    small, large = populate(2, 5, course), populate(6, 30, course)
    client.force_login(small)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        small_page = client.get(url).content.decode()
    few = len(queries)
    client.force_login(large)
    client.get(url)
    with django_assert_max_num_queries(few):
        large_page = client.get(url).content.decode()
    assert late_rows(name, small_page) == 2 * 2 * 5
    assert late_rows(name, large_page) == 2 * 6 * 30


def test_the_tutor_pages_and_home_link_to_the_page_and_a_new_tutors_invite_does_not(
    client, pharmacy
):
    link = f'href="{reverse("courses:behind")}"'
    client.force_login(pharmacy[0].classroom.tutor)
    home = client.get(reverse("courses:tutor_home")).content.decode()
    assert home.count(link) == 2  # the tutor navigation and the page's own button
    grid = reverse("courses:classroom", args=[pharmacy[0].classroom_id])
    assert link in client.get(grid).content.decode()
    client.logout()
    invite = client.get(reverse("courses:accept_tutor_invite", args=["not-a-token"]))
    assert link not in invite.content.decode()

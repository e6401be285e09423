from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from courses.dashboard import RISK_THRESHOLD, classroom_dashboard
from courses.models import Assignment
from progress.models import ReviewCard, ReviewLog
from tests.factories.courses import (
    AssignmentFactory,
    ClassroomFactory,
    CoursePageFactory,
    MembershipFactory,
)
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import ExerciseAttemptFactory, LessonProgressFactory, learner

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
# Factories, auto-dated rows and views read the clock: held at NOW, they agree with
# the dates these tests set.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

JOINED = NOW - timedelta(days=10)


def card(user, item, **state):
    fields = {"direction": "recognition", "state": 2, "step": None, "due": NOW}
    return ReviewCard.objects.create(learner=user, item=item, **{**fields, **state})


def member(classroom, name="Sparrow", joined=JOINED):
    return MembershipFactory(
        classroom=classroom, learner=learner(display_name=name), joined_at=joined
    ).learner


def cell_of(board, name):
    return next(row for row in board.rows if row.name == name).cells


def test_completed_lesson_shows_done_with_its_score():
    assignment = AssignmentFactory(due_on=date(2026, 11, 25))
    user = member(assignment.classroom)
    LessonProgressFactory(
        learner=user, lesson=assignment.lesson, started_at=NOW, last_activity_at=NOW,
        completed_at=NOW, best_score=0.75,
    )  # fmt: skip
    board = classroom_dashboard(assignment.classroom, now=NOW)
    assert [(c.status, c.score) for c in cell_of(board, "Sparrow")] == [("done", 0.75)]


def test_unfinished_lesson_after_the_due_date_is_overdue_and_before_it_in_progress():
    assignment = AssignmentFactory(due_on=date(2026, 11, 19))
    later = AssignmentFactory(classroom=assignment.classroom, lesson=assignment.lesson)
    later.due_on = date(2026, 11, 30)
    later.save()
    user = member(assignment.classroom)
    LessonProgressFactory(
        learner=user, lesson=assignment.lesson, started_at=NOW, last_activity_at=NOW
    )
    board = classroom_dashboard(assignment.classroom, now=NOW)
    assert [c.status for c in cell_of(board, "Sparrow")] == ["overdue", "in_progress"]


def test_work_done_before_joining_is_not_shown():
    assignment = AssignmentFactory(due_on=date(2026, 11, 25))
    user = member(assignment.classroom)
    before = JOINED - timedelta(days=1)
    LessonProgressFactory(
        learner=user, lesson=assignment.lesson, started_at=before, last_activity_at=before,
        completed_at=before, best_score=1.0,
    )  # fmt: skip
    ExerciseAttemptFactory(learner=user, lesson=assignment.lesson, created_at=before)
    row = classroom_dashboard(assignment.classroom, now=NOW).rows[0]
    assert [c.status for c in row.cells] == ["not_started"]
    assert row.lessons_done == 0
    assert row.scores_by_type == {}
    assert row.last_active is None


def test_an_assignment_for_one_learner_is_not_assigned_to_the_others():
    classroom = ClassroomFactory()
    alone = member(classroom, "Alone")
    member(classroom, "Other")
    AssignmentFactory(classroom=classroom, learner=alone)
    board = classroom_dashboard(classroom, now=NOW)
    assert cell_of(board, "Alone")[0].status == "not_started"
    assert cell_of(board, "Other")[0].status == "not_assigned"


def test_a_course_assignment_is_done_when_every_lesson_of_the_course_is():
    course = CoursePageFactory()
    lessons = [LessonPageFactory(parent=course) for _ in range(2)]
    assignment = AssignmentFactory(lesson=None, course=course, due_on=date(2026, 11, 25))
    user = member(assignment.classroom)
    for lesson, score in zip(lessons, (0.5, 1.0), strict=True):
        LessonProgressFactory(
            learner=user, lesson=lesson, started_at=NOW, last_activity_at=NOW,
            completed_at=NOW, best_score=score,
        )  # fmt: skip
    board = classroom_dashboard(assignment.classroom, now=NOW)
    assert [(c.status, c.score) for c in cell_of(board, "Sparrow")] == [("done", 0.75)]


def keep_assignment(items, target=0.85):
    lesson = LessonPageFactory(words=items)
    return AssignmentFactory(
        lesson=lesson, kind=Assignment.Kind.KEEP, target_retention=target,
        due_on=date(2026, 11, 30),
    )  # fmt: skip


def test_keep_assignment_is_keeping_while_every_card_is_above_the_target():
    item = VocabularyItemFactory()
    assignment = keep_assignment([item])
    user = member(assignment.classroom)
    for direction in ("recognition", "production"):
        card(user, item, direction=direction, stability=100.0, difficulty=5.0,
             last_review=NOW - timedelta(days=1), reps=3)  # fmt: skip
    (cell,) = cell_of(classroom_dashboard(assignment.classroom, now=NOW), "Sparrow")
    assert cell.status == "keeping"
    assert cell.retention > 0.85


def test_keep_assignment_is_slipping_when_a_card_falls_below_the_target():
    item = VocabularyItemFactory()
    assignment = keep_assignment([item])
    user = member(assignment.classroom)
    card(user, item, direction="recognition", stability=100.0, difficulty=5.0,
         last_review=NOW - timedelta(days=1), reps=3)  # fmt: skip
    card(user, item, direction="production", stability=1.0, difficulty=8.0,
         last_review=NOW - timedelta(days=9), reps=3)  # fmt: skip
    (cell,) = cell_of(classroom_dashboard(assignment.classroom, now=NOW), "Sparrow")
    assert cell.status == "slipping"
    assert cell.retention < 0.85


def test_words_at_risk_leeches_and_reviews_are_counted_per_learner():
    classroom = ClassroomFactory(next_session_on=date(2026, 11, 27))
    user = member(classroom)
    weak, strong, leech = (VocabularyItemFactory(headword=w) for w in ("river", "bread", "visa"))
    weak_card = card(
        user, weak, stability=2.0, difficulty=7.0, last_review=NOW - timedelta(days=1), reps=2
    )
    card(user, strong, stability=300.0, difficulty=3.0, last_review=NOW - timedelta(days=2),
         reps=5, due=NOW + timedelta(days=200))  # fmt: skip
    card(user, leech, stability=300.0, difficulty=9.0, last_review=NOW - timedelta(days=20),
         reps=9, lapses=4, due=NOW + timedelta(days=100))  # fmt: skip
    for day in (1, 2, 8, 11):  # two this week, one last week, one before joining
        ReviewLog.objects.create(
            learner=user, card=weak_card, rating=3, reviewed_at=NOW - timedelta(days=day),
            source="web", external_id=f"r{day}",
        )  # fmt: skip
    row = classroom_dashboard(classroom, now=NOW).rows[0]
    assert [word.headword for word in row.words_at_risk] == ["river"]
    assert row.words_at_risk[0].retention < RISK_THRESHOLD
    assert row.leeches == 1
    assert (row.reviews_done, row.reviews_due) == (2, 3)
    assert 0 < row.average_retention < 1


def test_learners_who_need_attention_come_first():
    assignment = AssignmentFactory(due_on=date(2026, 11, 19))
    ahead = member(assignment.classroom, "Ahead")
    member(assignment.classroom, "Behind")
    LessonProgressFactory(
        learner=ahead, lesson=assignment.lesson, started_at=NOW, last_activity_at=NOW,
        completed_at=NOW, best_score=1.0,
    )  # fmt: skip
    board = classroom_dashboard(assignment.classroom, now=NOW)
    assert [row.name for row in board.rows] == ["Behind", "Ahead"]
    by_name = classroom_dashboard(assignment.classroom, now=NOW, sort="name")
    assert [row.name for row in by_name.rows] == ["Ahead", "Behind"]


def test_a_learner_who_left_is_not_on_the_dashboard():
    classroom = ClassroomFactory()
    membership = MembershipFactory(classroom=classroom, learner=learner(display_name="Gone"))
    membership.left_at = NOW
    membership.save()
    assert classroom_dashboard(classroom, now=NOW).rows == []


def populate(learners: int, assignments: int):
    classroom = ClassroomFactory()
    course = CoursePageFactory()
    items = [VocabularyItemFactory() for _ in range(3)]
    lessons = [LessonPageFactory(parent=course, words=items) for _ in range(assignments)]
    for i, lesson in enumerate(lessons):
        kind = Assignment.Kind.KEEP if i % 4 == 0 else Assignment.Kind.COMPLETE
        AssignmentFactory(classroom=classroom, lesson=lesson, kind=kind)
    AssignmentFactory(classroom=classroom, lesson=None, course=course)
    for n in range(learners):
        user = member(classroom, f"Learner {n}")
        for lesson in lessons[:3]:
            LessonProgressFactory(
                learner=user, lesson=lesson, started_at=NOW, last_activity_at=NOW,
                completed_at=NOW, best_score=0.5,
            )  # fmt: skip
        ExerciseAttemptFactory(learner=user, lesson=lessons[0], created_at=NOW)
        for item in items:
            card(user, item, stability=5.0, difficulty=5.0, last_review=NOW - timedelta(days=3),
                 reps=2)  # fmt: skip
    return classroom


def test_the_dashboard_costs_the_same_queries_for_5_and_50_learners(django_assert_num_queries):
    small, large = populate(5, 20), populate(50, 20)
    with CaptureQueriesContext(connection) as small_queries:
        small_board = classroom_dashboard(small, now=NOW)
    with django_assert_num_queries(len(small_queries)):
        large_board = classroom_dashboard(large, now=NOW)
    assert len(small_board.rows) == 5 and len(large_board.rows) == 50
    assert len(large_board.rows[0].cells) == 21
    assert len(small_queries) <= 8


def signed_in_dashboard(client, classroom) -> str:
    """The dashboard's URL, visited once by its tutor: the first request after signing in
    saves the session, and the site's cached links may have expired since another test."""
    client.force_login(classroom.tutor)
    url = f"/tutor/classrooms/{classroom.pk}/"
    assert client.get(url).status_code == 200
    return url


def test_the_dashboard_page_costs_the_same_queries_for_5_and_50_learners(
    client, django_assert_num_queries
):
    small, large = populate(5, 20), populate(50, 20)
    url = signed_in_dashboard(client, small)
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(url).status_code == 200
    few = len(small_queries)  # read before the next request resets the log
    url = signed_in_dashboard(client, large)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_session_prep_lists_each_learners_words_at_risk(client):
    classroom = ClassroomFactory()
    user = member(classroom, "Sparrow")
    item = VocabularyItemFactory(headword="pharmacy")
    card(user, item, stability=1.0, difficulty=8.0, last_review=NOW - timedelta(days=3), reps=2)
    client.force_login(classroom.tutor)
    page = client.get(f"/tutor/classrooms/{classroom.pk}/prep/").content.decode()
    section = page[page.index('data-learner="Sparrow"') :]
    assert "pharmacy" in section

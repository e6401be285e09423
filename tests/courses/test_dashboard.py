from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine

from courses.dashboard import RISK_THRESHOLD, classroom_dashboard
from courses.models import Assignment, Classroom
from progress.models import ReviewCard, ReviewLog
from progress.scheduler import (
    DEFAULT_PARAMETERS,
    MemoryState,
    SchedulerConfig,
    State,
    retrievability,
)
from tests.factories.accounts import LearnerProfileFactory, learner
from tests.factories.courses import (
    AssignmentFactory,
    ClassroomFactory,
    CoursePageFactory,
    MembershipFactory,
)
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import ExerciseAttemptFactory, LessonProgressFactory

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
# Factories, auto-dated rows and views read the clock: held at NOW, they agree with
# the dates these tests set.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

JOINED = NOW - timedelta(days=10)
NEW_YORK = "America/New_York"
DUE = date(
    2026, 11, 20
)  # a Friday: it ends at 15:00 UTC in Seoul, at 05:00 UTC next day in New York
BEFORE_SEOUL_MIDNIGHT = datetime(2026, 11, 20, 14, 59, 59, tzinfo=UTC)
AFTER_SEOUL_MIDNIGHT = datetime(2026, 11, 20, 15, 0, 1, tzinfo=UTC)
BEFORE_NEW_YORK_MIDNIGHT = datetime(2026, 11, 21, 4, 59, 59, tzinfo=UTC)
AFTER_NEW_YORK_MIDNIGHT = datetime(2026, 11, 21, 5, 0, 1, tzinfo=UTC)


def card(user, item, **state):
    fields = {"direction": "recognition", "state": 2, "step": None, "due": NOW}
    return ReviewCard.objects.create(learner=user, item=item, **{**fields, **state})


def member(classroom, name="Sparrow", joined=JOINED, **profile):
    return MembershipFactory(
        classroom=classroom, learner=learner(display_name=name, **profile), joined_at=joined
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
        user = member(classroom, f"Learner {n}", time_zone=("Asia/Seoul", NEW_YORK)[n % 2])
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
    # Nine reads (the ninth: the learners' placement tests), and the tutor's time
    # zone: the view selects it with the classroom.
    assert len(small_queries) <= 10


def signed_in_dashboard(client, classroom) -> str:
    """The dashboard's URL, visited once by its tutor: the first request after signing in
    saves the session, and the first page a test renders caches the site's links."""
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


# ---------------------------------------------------------------- the learner's own day


def seoul_and_new_york(classroom):
    seoul = member(classroom, "Seoul", time_zone="Asia/Seoul")
    return seoul, member(classroom, "New York", time_zone=NEW_YORK)


def statuses(board):
    return {row.name: [cell.status for cell in row.cells] for row in board.rows}


@pytest.mark.parametrize(
    ("now", "seoul", "new_york"),
    [
        (BEFORE_SEOUL_MIDNIGHT, "not_started", "not_started"),
        (AFTER_SEOUL_MIDNIGHT, "overdue", "not_started"),
        (BEFORE_NEW_YORK_MIDNIGHT, "overdue", "not_started"),
        (AFTER_NEW_YORK_MIDNIGHT, "overdue", "overdue"),
    ],
)
def test_work_is_overdue_from_midnight_after_the_due_day_where_each_learner_lives(
    now, seoul, new_york
):
    lesson = AssignmentFactory(due_on=DUE)
    classroom = lesson.classroom
    course = CoursePageFactory()
    LessonPageFactory(parent=course)
    AssignmentFactory(classroom=classroom, lesson=None, course=course, due_on=DUE)
    AssignmentFactory(
        classroom=classroom, lesson=LessonPageFactory(words=[VocabularyItemFactory()]),
        kind=Assignment.Kind.KEEP, due_on=DUE,
    )  # fmt: skip
    seoul_and_new_york(classroom)
    board = classroom_dashboard(classroom, now=now)
    assert statuses(board) == {"Seoul": [seoul] * 3, "New York": [new_york] * 3}


def reviewed_on_the_eve(user, item, zone):
    """Both cards of `item` last reviewed at 10:00 local the day before the due day."""
    last_review = datetime(2026, 11, 19, 10, tzinfo=ZoneInfo(zone))
    for direction in ("recognition", "production"):
        card(user, item, direction=direction, stability=1.0, difficulty=5.0,
             last_review=last_review, reps=2)  # fmt: skip
    return MemoryState(state=State.Review, step=None, stability=1.0, difficulty=5.0,
                       last_review=last_review, reps=2)  # fmt: skip


@pytest.mark.parametrize(
    "now",
    [
        BEFORE_SEOUL_MIDNIGHT,
        AFTER_SEOUL_MIDNIGHT,
        BEFORE_NEW_YORK_MIDNIGHT,
        AFTER_NEW_YORK_MIDNIGHT,
    ],
)
def test_a_keep_assignment_is_judged_at_the_end_of_each_learners_own_due_day(now):
    item = VocabularyItemFactory()
    assignment = keep_assignment([item], target=0.85)
    assignment.due_on = DUE
    assignment.save()
    seoul, new_york = seoul_and_new_york(assignment.classroom)
    states = {"Seoul": reviewed_on_the_eve(seoul, item, "Asia/Seoul")}
    states["New York"] = reviewed_on_the_eve(new_york, item, NEW_YORK)
    board = classroom_dashboard(assignment.classroom, now=now)
    for row in board.rows:
        zone = ZoneInfo(row.membership.learner.learner_profile.time_zone)
        judged_at = min(now, datetime.combine(date(2026, 11, 21), time.min, tzinfo=zone))
        config = SchedulerConfig(time_zone=zone.key)
        expected = retrievability(states[row.name], now=judged_at, config=config)
        # One learner day after the review: 90%, above the target; two days: below it.
        assert (row.cells[0].status, row.cells[0].retention) == ("keeping", expected)


def test_the_retention_shown_is_predicted_with_the_learners_own_fsrs_parameters():
    classroom = ClassroomFactory()
    fitted = [*DEFAULT_PARAMETERS[:20], 0.6]
    user = member(classroom, time_zone=NEW_YORK, fsrs_parameters=fitted)
    state = reviewed_on_the_eve(user, VocabularyItemFactory(), NEW_YORK)
    later = datetime(2026, 11, 25, 12, tzinfo=UTC)
    (row,) = classroom_dashboard(classroom, now=later).rows
    config = SchedulerConfig(parameters=fitted, time_zone=NEW_YORK)
    default = SchedulerConfig(time_zone=NEW_YORK)
    expected = retrievability(state, now=later, config=config)
    assert row.average_retention == pytest.approx(expected)
    assert expected != pytest.approx(retrievability(state, now=later, config=default))


def test_the_grid_page_marks_each_learners_cell_by_their_own_day(client):
    assignment = AssignmentFactory(due_on=DUE)
    seoul_and_new_york(assignment.classroom)
    client.force_login(assignment.classroom.tutor)
    with time_machine.travel(AFTER_SEOUL_MIDNIGHT, tick=False):
        page = client.get(f"/tutor/classrooms/{assignment.classroom.pk}/").content.decode()
    seoul_row = page[page.index('data-learner="Seoul"') :].split("</tr>")[0]
    new_york_row = page[page.index('data-learner="New York"') :].split("</tr>")[0]
    assert '<td class="cell cell--overdue">overdue</td>' in seoul_row
    assert '<td class="cell cell--not_started">not started</td>' in new_york_row


def test_the_learners_home_page_and_the_tutors_grid_agree_on_what_is_overdue(client):
    assignment = AssignmentFactory(starts_on=date(2026, 11, 1), due_on=DUE)
    seoul, _new_york = seoul_and_new_york(assignment.classroom)
    client.force_login(seoul)
    with time_machine.travel(AFTER_SEOUL_MIDNIGHT, tick=False):
        board = classroom_dashboard(assignment.classroom, now=AFTER_SEOUL_MIDNIGHT)
        page = client.get("/").content.decode()
    assert statuses(board)["Seoul"] == ["overdue"]
    assert "due--overdue" in page[page.index('id="assignments"') :]


# ---------------------------------------------------------------- the next session


def tutor_in(zone):
    classroom = ClassroomFactory(next_session_on=date(2026, 11, 27))
    if zone is not None:
        LearnerProfileFactory(user=classroom.tutor, time_zone=zone)
    return Classroom.objects.select_related("tutor__learner_profile").get(pk=classroom.pk)


@pytest.mark.parametrize(
    ("zone", "starts"),
    [
        ("Asia/Seoul", datetime(2026, 11, 26, 15, tzinfo=UTC)),
        (NEW_YORK, datetime(2026, 11, 27, 5, tzinfo=UTC)),
        (None, datetime(2026, 11, 27, tzinfo=UTC)),
    ],
)
def test_the_next_session_starts_at_midnight_of_its_date_where_the_tutor_lives(zone, starts):
    board = classroom_dashboard(tutor_in(zone), now=NOW)
    assert (board.session_at, board.session_on) == (starts, date(2026, 11, 27))


def test_on_the_session_day_words_are_judged_now_and_after_it_a_week_ahead():
    classroom = tutor_in(NEW_YORK)
    during = datetime(2026, 11, 27, 17, tzinfo=UTC)  # 12:00 in New York
    after = datetime(2026, 11, 28, 5, 0, 1, tzinfo=UTC)  # 00:00:01 the next day there
    assert classroom_dashboard(classroom, now=during).session_at == during
    later = classroom_dashboard(classroom, now=after)
    assert (later.session_at, later.session_on) == (after + timedelta(days=7), date(2026, 12, 5))


def test_session_prep_dates_the_session_as_the_tutor_set_it(client):
    classroom = tutor_in("Asia/Seoul")  # starts 2026-11-26 15:00 UTC
    client.force_login(classroom.tutor)
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/tutor/classrooms/{classroom.pk}/prep/").content.decode()
    assert "forgotten by 2026-11-27" in page

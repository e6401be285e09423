from datetime import UTC, datetime, timedelta

from django.utils import timezone

import pytest

from progress import recording
from progress.models import ReviewLog
from progress.selectors import StudyItem, learner_home, sort_study_list
from tests.factories.accounts import learner
from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory
from tests.factories.progress import ExerciseAttemptFactory
from tests.support.lesson_fixtures import MINIMAL_PAIR, MULTIPLE_CHOICE

pytestmark = pytest.mark.django_db


def finish(user, lesson):
    for block_id, block_type in (("mc-1", "multiple_choice"), ("mp-1", "minimal_pair")):
        recording.record_attempt(
            learner=user, lesson=lesson, block_id=block_id, block_type=block_type,
            answer={"choices": [0]}, score=1.0, correct=True,
        )  # fmt: skip


@pytest.fixture
def course():
    course = CoursePageFactory(title="First Steps")
    lessons = [
        LessonPageFactory(
            parent=course,
            title=f"Lesson {i}",
            body=[MULTIPLE_CHOICE, MINIMAL_PAIR],
            words=[VocabularyItemFactory(headword=f"word{i}-{j}") for j in range(2)],
        )
        for i in range(1, 4)
    ]
    return course, lessons


def test_visitor_sees_the_public_welcome(client, course):
    body = client.get("/").content.decode()
    assert "Join with a code" in body
    assert "words to review now" not in body


def test_new_learner_is_offered_the_first_lesson(client, course):
    _course, lessons = course
    user = learner()
    client.force_login(user)
    home = client.get("/").context["learner_home"]
    assert [(item.lesson.pk, item.status) for item in home.study_list] == [
        (lessons[0].pk, "not_started")
    ]
    assert home.reviews_due == 0
    assert home.continue_lesson is None
    first_steps = (
        client.get("/").content.decode().split('id="first-steps"')[1].split("</section>")[0]
    )
    assert "Where to start" in first_steps and f'href="{lessons[0].url}"' in first_steps


def test_home_shows_the_lesson_in_progress_then_the_next_one(client, course):
    _course, lessons = course
    user = learner()
    finish(user, lessons[0])
    recording.start_lesson(learner=user, lesson=lessons[2])
    client.force_login(user)
    response = client.get("/")
    home = response.context["learner_home"]
    assert home.continue_lesson.pk == lessons[2].pk
    assert [(i.lesson.pk, i.status) for i in home.study_list] == [
        (lessons[2].pk, "started"),
        (lessons[1].pk, "not_started"),
    ]
    assert [i.lesson.pk for i in home.completed] == [lessons[0].pk]
    assert home.reviews_due == 4
    assert home.words_learned == 2
    body = response.content.decode()
    assert "Continue where you left off" in body
    assert 'id="first-steps"' not in body  # only for a learner who has not begun
    assert "4 words are ready to review." in body
    assert body.count('class="button" href="/learn/review/"') == 1


def test_reviews_due_counts_the_cards_the_review_session_would_show_now(course):
    _course, lessons = course
    user = learner(time_zone="Asia/Seoul")
    finish(user, lessons[0])
    # 23:00 in Seoul: a new card that falls due at 23:30 is not due yet (the
    # session would not show it), though it falls due before the day ends.
    now = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    cards = list(user.review_cards.order_by("pk"))
    earlier, soon = now - timedelta(minutes=30), now + timedelta(minutes=30)
    for card, due in zip(cards, [earlier, soon, earlier, soon], strict=True):
        card.due = due
        card.save()
    assert learner_home(user, now=now).reviews_due == 2


def test_days_studied_this_week_counts_distinct_local_days_since_monday(course):
    _course, lessons = course
    user = learner(time_zone="America/New_York")
    wednesday = datetime(2026, 3, 4, 17, 0, tzinfo=UTC)
    for when in [
        wednesday,
        wednesday - timedelta(hours=2),  # same day
        wednesday - timedelta(days=1),  # Tuesday
        wednesday - timedelta(days=3),  # Sunday: last week
    ]:
        ExerciseAttemptFactory(learner=user, lesson=lessons[0], created_at=when)
    assert learner_home(user, now=wednesday).days_studied_this_week == 2
    recording.create_review_cards(learner=user, items=lessons[1].vocabulary_items())
    card = user.review_cards.first()
    monday = wednesday - timedelta(days=2)
    ReviewLog.objects.create(
        learner=user, card=card, rating=3, reviewed_at=monday, source="web", external_id="r1"
    )
    assert learner_home(user, now=wednesday).days_studied_this_week == 3  # and Monday's review


def test_dated_items_come_first_overdue_first():
    lesson = object()
    today = timezone.now().date()
    items = [
        StudyItem(lesson, "started"),
        StudyItem(lesson, "not_started", due=today + timedelta(days=3)),
        StudyItem(lesson, "not_started", due=today - timedelta(days=1)),
    ]
    ordered = sort_study_list(items)
    assert [item.due for item in ordered] == [items[2].due, items[1].due, None]
    assert ordered[0].is_overdue(today)


def test_learner_home_query_count_does_not_grow_with_lessons(
    client, course, django_assert_max_num_queries
):
    course_page, lessons = course
    user = learner()
    client.force_login(user)
    finish(user, lessons[0])
    recording.start_lesson(learner=user, lesson=lessons[1])
    client.get("/")
    # 22: the latest placement test, and the classroom notices count tutors' comments
    # on lessons and on writing.
    with django_assert_max_num_queries(22) as few:
        client.get("/")
    limit = len(few.captured_queries)  # read before the next request resets the log
    for i in range(8):
        extra = LessonPageFactory(parent=course_page, title=f"More {i}", body=[MULTIPLE_CHOICE])
        recording.start_lesson(learner=user, lesson=extra)
        finish(user, LessonPageFactory(parent=course_page, body=[MULTIPLE_CHOICE, MINIMAL_PAIR]))
    client.get("/")  # new pages reset cached site roots
    with django_assert_max_num_queries(limit):
        response = client.get("/")
    assert len(response.context["learner_home"].study_list) >= 9

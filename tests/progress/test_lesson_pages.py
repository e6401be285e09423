import pytest

from progress import recording
from tests.factories.accounts import learner
from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory, every_block
from tests.support.lesson_fixtures import MINIMAL_PAIR, MULTIPLE_CHOICE

pytestmark = pytest.mark.django_db


def answer(user, lesson, block_id="mc-1", block_type="multiple_choice"):
    recording.record_attempt(
        learner=user, lesson=lesson, block_id=block_id, block_type=block_type,
        answer={"choices": [0]}, score=1.0, correct=True,
    )  # fmt: skip


def test_lesson_page_shows_the_learners_progress_and_finish_button(client, lesson):
    user = learner()
    answer(user, lesson)
    client.force_login(user)
    body = client.get(lesson.url).content.decode()
    assert "Your progress" in body
    assert "started" in body
    assert 'id="finish-lesson"' in body


def test_lesson_page_tells_visitors_to_sign_in_to_keep_answers(client, lesson):
    body = client.get(lesson.url).content.decode()
    assert "Sign in to keep your answers." in body
    assert 'id="finish-lesson"' not in body


def test_lesson_page_query_count_does_not_grow_with_exercises_words_or_attempts(
    client, django_assert_max_num_queries
):
    user = learner()
    client.force_login(user)
    course = CoursePageFactory()
    small = LessonPageFactory(
        parent=course, body=[MULTIPLE_CHOICE], words=[VocabularyItemFactory()]
    )
    big = LessonPageFactory(
        parent=course,
        body=every_block() + every_block(),
        words=[VocabularyItemFactory(headword=f"big{i}") for i in range(12)],
    )
    answer(user, small)
    for child in big.body:
        if child.block_type in {"multiple_choice", "minimal_pair"}:
            answer(user, big, block_id=child.id, block_type=child.block_type)
    client.get(small.url)
    with django_assert_max_num_queries(30) as baseline:
        client.get(small.url)
    limit = len(baseline.captured_queries)  # read before the next request resets the log
    with django_assert_max_num_queries(limit):
        response = client.get(big.url)
    assert response.status_code == 200


def test_course_page_shows_each_lessons_status_for_this_learner(client):
    course = CoursePageFactory()
    done, started, fresh = (
        LessonPageFactory(parent=course, title=t, body=[MULTIPLE_CHOICE, MINIMAL_PAIR])
        for t in ("Done one", "Started one", "Fresh one")
    )
    user = learner()
    answer(user, done)
    answer(user, done, "mp-1", "minimal_pair")
    answer(user, started)
    client.force_login(user)
    body = client.get(course.url).content.decode()
    positions = [body.index(label) for label in ("Done one", "Started one", "Fresh one")]
    badges = [body.index(badge) for badge in ("✓ done", "badge--started", "not started")]
    assert positions[0] < badges[0] < positions[1] < badges[1] < positions[2] < badges[2]
    other = learner()
    client.force_login(other)
    assert "✓ done" not in client.get(course.url).content.decode()


def test_course_page_query_count_does_not_grow_with_lessons(client, django_assert_max_num_queries):
    course = CoursePageFactory()
    user = learner()
    first = LessonPageFactory(parent=course, body=[MULTIPLE_CHOICE])
    answer(user, first)
    client.force_login(user)
    client.get(course.url)
    with django_assert_max_num_queries(30) as baseline:
        client.get(course.url)
    limit = len(baseline.captured_queries)  # read before the next request resets the log
    for _ in range(6):
        answer(user, LessonPageFactory(parent=course, body=[MULTIPLE_CHOICE]))
    client.get(course.url)  # new pages reset cached site roots
    with django_assert_max_num_queries(limit):
        client.get(course.url)


def test_course_catalogue_counts_each_courses_finished_lessons(
    client, django_assert_max_num_queries
):
    from tests.factories.courses import CourseIndexPageFactory

    index = CourseIndexPageFactory()
    first, second = CoursePageFactory(parent=index), CoursePageFactory(parent=index)
    done = LessonPageFactory(parent=first, body=[MULTIPLE_CHOICE])
    LessonPageFactory(parent=first, body=[MULTIPLE_CHOICE])
    LessonPageFactory(parent=second, body=[MULTIPLE_CHOICE])
    user = learner()
    answer(user, done)
    client.force_login(user)
    client.get(index.url)
    with django_assert_max_num_queries(30) as baseline:
        body = client.get(index.url).content.decode()
    limit = len(baseline.captured_queries)  # read before the next request resets the log
    assert body.count("1 of 2 lessons done") == 1
    assert body.count("0 of 1 lessons done") == 1
    for _ in range(4):
        answer(
            user, LessonPageFactory(parent=CoursePageFactory(parent=index), body=[MULTIPLE_CHOICE])
        )
    client.get(index.url)  # new pages reset cached site roots
    with django_assert_max_num_queries(limit):
        assert client.get(index.url).content.decode().count("1 of 1 lessons done") == 4

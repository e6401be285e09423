import uuid

import pytest
from bs4 import BeautifulSoup

from progress import recording, writing
from tests.factories.accounts import learner
from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory, every_block
from tests.support.lesson_fixtures import MINIMAL_PAIR, MULTIPLE_CHOICE, WRITING

pytestmark = pytest.mark.django_db


def answer(user, lesson, block_id="mc-1", block_type="multiple_choice"):
    recording.record_attempt(
        learner=user, lesson=lesson, block_id=block_id, block_type=block_type,
        answer={"choices": [0]}, score=1.0, correct=True,
    )  # fmt: skip


def write(user, lesson, block, *, times: int) -> None:
    """Send `times` texts to a writing exercise, each with two tutors' comments."""
    tutor = learner()
    for n in range(times):
        text = f"Dear Ms Kim, I am sick today, number {n}."
        attempt, _grade = recording.record_answer(
            learner=user, lesson=lesson, block=block, answer={"text": text}, idempotency_key=None
        )
        for _ in range(2):
            writing.comment_on_writing(
                submission=attempt.writing_submission, tutor=tutor, body="Good.", key=uuid.uuid4()
            )


def test_the_words_step_shows_the_learners_progress(client, lesson):
    user = learner()
    answer(user, lesson)
    client.force_login(user)
    body = client.get(lesson.url).content.decode()
    assert "Your progress" in body
    assert "started" in body
    assert "best score 50%" in body


def test_the_summary_shows_the_score_and_the_finish_button_of_an_unfinished_lesson(client, lesson):
    user = learner()
    answer(user, lesson)
    client.force_login(user)
    body = client.get(lesson.summary_url()).content.decode()
    assert "Score: 50%" in body
    assert 'id="finish-lesson"' in body
    assert 'id="summary-words"' not in body


def test_the_summary_of_a_finished_lesson_lists_the_words_put_into_review(client, lesson, words):
    user = learner()
    answer(user, lesson)
    answer(user, lesson, "mp-1", "minimal_pair")
    client.force_login(user)
    html = client.get(lesson.summary_url()).content.decode()
    listed = BeautifulSoup(html, "html.parser").find(id="summary-words")
    assert [li.get_text() for li in listed.find_all("li")] == [w.headword for w in words]
    assert "Score: 100%" in html
    assert 'id="finish-lesson"' not in html


def test_the_summary_shows_only_the_asking_learners_result(client, lesson):
    answer(learner(), lesson)
    client.force_login(learner())
    body = client.get(lesson.summary_url()).content.decode()
    shown = BeautifulSoup(body, "html.parser").find("main").get_text()
    assert "Score:" not in shown
    assert "You have not answered any exercise of this lesson yet." in shown


def test_the_summary_tells_visitors_to_sign_in_to_keep_answers(client, lesson):
    body = client.get(lesson.summary_url()).content.decode()
    assert "Sign in to keep your answers." in body
    assert 'id="finish-lesson"' not in body


def test_the_summary_links_the_next_lesson_of_the_course_and_the_last_says_it_is_last(client):
    course = CoursePageFactory()
    first, second = (
        LessonPageFactory(parent=course, title=t, body=[MULTIPLE_CHOICE]) for t in ("One", "Two")
    )
    soup = BeautifulSoup(client.get(first.summary_url()).content.decode(), "html.parser")
    assert soup.find(id="next-lesson")["href"] == second.url
    words = BeautifulSoup(client.get(first.url).content.decode(), "html.parser")
    assert words.select_one(".lesson__next a")["href"] == second.url
    last = client.get(second.summary_url()).content.decode()
    assert 'id="next-lesson"' not in last
    assert "This was the last lesson of the course." in last


def test_every_step_links_to_its_course(client, lesson):
    course_url = lesson.get_parent().url
    for url in (
        lesson.url,
        lesson.step_url(1),
        lesson.step_url(2, again=True),
        lesson.summary_url(),
    ):
        soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
        assert soup.select_one(".lesson__course a")["href"] == course_url, url


def test_lesson_pages_query_counts_do_not_grow_with_exercises_words_or_attempts(
    client, django_assert_max_num_queries
):
    user = learner()
    client.force_login(user)
    course = CoursePageFactory()
    # Each ends with a writing exercise, whose step shows what the learner sent (one query).
    small = LessonPageFactory(
        parent=course, body=[MULTIPLE_CHOICE, WRITING], words=[VocabularyItemFactory()]
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
    last, small_last = len(big.exercise_blocks()), len(small.exercise_blocks())
    write(user, small, small.exercise_blocks()[-1], times=1)
    write(user, big, big.exercise_blocks()[-1], times=5)
    for small_url, big_url in (
        (small.url, big.url),
        (small.step_url(small_last), big.step_url(last)),
        (small.step_url(small_last, again=True), big.step_url(last, again=True)),
        (small.summary_url(), big.summary_url()),
    ):
        client.get(small_url)
        with django_assert_max_num_queries(30) as baseline:
            client.get(small_url)
        limit = len(baseline.captured_queries)  # read before the next request resets the log
        with django_assert_max_num_queries(limit):
            response = client.get(big_url)
        assert response.status_code == 200, big_url


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
    assert (
        body.index("best score 100%") < positions[1] < body.index("best score 50%") < positions[2]
    )
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

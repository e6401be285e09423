"""courses.writing_views and courses.writing_review: a classroom's tutors read the
writing of its current learners and comment; everyone else gets 404 (a visitor the
sign-in page), and the lists cost a fixed number of queries."""

import uuid
from datetime import timedelta

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from courses import joining
from progress import recording
from progress.models import WritingComment
from tests.factories.accounts import learner
from tests.factories.courses import ClassroomFactory, MembershipFactory, tutor
from tests.factories.lessons import LessonPageFactory
from tests.support.lesson_fixtures import MULTIPLE_CHOICE, WRITING

pytestmark = pytest.mark.django_db

EMAIL = "Dear Professor Lee, I am sick and cannot come to class tomorrow. Mina"


@pytest.fixture
def lesson():
    return LessonPageFactory(title="Emails to professors", body=[MULTIPLE_CHOICE, WRITING])


@pytest.fixture
def membership():
    return MembershipFactory(
        learner=learner(display_name="Sparrow"), joined_at=timezone.now() - timedelta(days=3)
    )


def submit(user, lesson, text=EMAIL):
    block = lesson.exercise_blocks()[1]
    attempt, _grade = recording.record_answer(
        learner=user, lesson=lesson, block=block, answer={"text": text}, idempotency_key=None
    )
    return attempt.writing_submission


@pytest.fixture
def submission(membership, lesson):
    return submit(membership.learner, lesson)


def list_url(room):
    return reverse("courses:writing_list", kwargs={"pk": room.pk})


def detail_url(room, submission):
    return reverse("courses:writing_detail", kwargs={"pk": room.pk, "submission_id": submission.pk})


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_tutor_sees_the_writing_awaiting_a_comment(client, membership, submission):
    room = membership.classroom
    body = signed_in(client, room.tutor).get(list_url(room)).content.decode()
    assert "Sparrow" in body and "Emails to professors" in body
    assert 'id="writing-awaiting"' in body and 'id="writing-commented"' not in body
    assert detail_url(room, submission) in body


def test_the_classroom_dashboard_links_to_its_writing(client, membership):
    room = membership.classroom
    body = signed_in(client, room.tutor).get(reverse("courses:classroom", args=[room.pk]))
    assert list_url(room) in body.content.decode()


def test_a_co_tutor_reads_and_comments_too(client, membership, submission):
    room = membership.classroom
    helper = tutor()
    room.co_tutors.add(helper)
    signed_in(client, helper)
    assert client.get(detail_url(room, submission)).status_code == 200
    data = {"body": "Good.", "key": str(uuid.uuid4())}
    client.post(detail_url(room, submission), data)
    assert WritingComment.objects.get().tutor == helper


def test_the_tutor_comments_and_the_learner_sees_it(client, membership, submission):
    room = membership.classroom
    signed_in(client, room.tutor)
    page = client.get(detail_url(room, submission)).content.decode()
    assert EMAIL in page and 'name="key"' in page
    data = {"body": "Clear and polite. Add a subject line.", "key": str(uuid.uuid4())}
    response = client.post(detail_url(room, submission), data)
    assert response.status_code == 302 and response.url == list_url(room)
    kept = WritingComment.objects.get()
    assert (kept.submission, kept.tutor, kept.body) == (submission, room.tutor, data["body"])
    listing = client.get(list_url(room)).content.decode()
    assert 'id="writing-commented"' in listing and 'id="writing-awaiting"' not in listing
    mine = signed_in(Client(), membership.learner).get(reverse("progress:my_writing"))
    assert "Clear and polite. Add a subject line." in mine.content.decode()


def test_the_same_comment_posted_twice_is_kept_once(client, membership, submission):
    room = membership.classroom
    signed_in(client, room.tutor)
    data = {"body": "Good.", "key": str(uuid.uuid4())}
    client.post(detail_url(room, submission), data)
    response = client.post(detail_url(room, submission), data)
    assert WritingComment.objects.count() == 1
    # The first post's message is still unread: no page was shown between the two.
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "This comment was already saved."
    )


@pytest.mark.parametrize(
    "data",
    [
        {"body": "   "},
        {"body": "x" * 2001},
        {"body": "Good.", "key": "not-a-key"},
        {"body": "Good.\x00"},
    ],
)
def test_a_bad_comment_is_refused_with_a_message_and_changes_nothing(
    client, membership, submission, data
):
    room = membership.classroom
    data = {"key": str(uuid.uuid4()), **data}
    response = signed_in(client, room.tutor).post(detail_url(room, submission), data)
    assert response.status_code == 200
    assert "The comment was not saved" in response.content.decode()
    assert not WritingComment.objects.exists()


def test_the_comment_form_needs_its_csrf_token(membership, submission):
    room = membership.classroom
    client = signed_in(Client(enforce_csrf_checks=True), room.tutor)
    data = {"body": "Good.", "key": str(uuid.uuid4())}
    assert client.post(detail_url(room, submission), data).status_code == 403
    assert not WritingComment.objects.exists()


def stranger_cases():
    return ["another tutor", "another learner", "the learner", "former tutor"]


@pytest.mark.parametrize("who", stranger_cases())
def test_strangers_get_404_from_the_list_and_the_submission(client, membership, submission, who):
    room = membership.classroom
    if who == "former tutor":
        joining.leave_classroom(membership=membership)
        user = room.tutor
    else:
        user = {
            "another tutor": lambda: ClassroomFactory().tutor,
            "another learner": learner,
            "the learner": lambda: membership.learner,
        }[who]()
    signed_in(client, user)
    assert client.get(detail_url(room, submission)).status_code == 404
    data = {"body": "Hello.", "key": str(uuid.uuid4())}
    assert client.post(detail_url(room, submission), data).status_code == 404
    if who != "former tutor":
        assert client.get(list_url(room)).status_code == 404
    else:
        assert "Sparrow" not in client.get(list_url(room)).content.decode()
    assert not WritingComment.objects.exists()


def test_a_former_tutor_no_longer_sees_writing_even_when_they_teach_the_learner_again(
    client, membership, submission, lesson
):
    room = membership.classroom
    joining.leave_classroom(membership=membership)
    MembershipFactory(classroom=room, learner=membership.learner)
    signed_in(client, room.tutor)
    assert client.get(detail_url(room, submission)).status_code == 404
    later = submit(membership.learner, lesson, text="A new short email written after joining.")
    assert client.get(detail_url(room, later)).status_code == 200


def test_a_visitor_is_sent_to_sign_in(client, membership, submission):
    room = membership.classroom
    for url in (list_url(room), detail_url(room, submission)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_a_submission_shown_through_another_classroom_is_404(client, membership, submission):
    other = MembershipFactory(learner=learner())
    signed_in(client, other.classroom.tutor)
    assert client.get(detail_url(other.classroom, submission)).status_code == 404


def test_writing_lists_cost_the_same_with_many_rows(
    client, membership, lesson, django_assert_max_num_queries
):
    room = membership.classroom
    submit(membership.learner, lesson)
    signed_in(client, room.tutor)
    client.get(list_url(room))
    with django_assert_max_num_queries(30) as few:
        client.get(list_url(room))
    limit = len(few.captured_queries)
    teacher = room.tutor
    for n in range(15):
        other = MembershipFactory(
            classroom=room, learner=learner(), joined_at=timezone.now() - timedelta(days=1)
        )
        done = submit(other.learner, lesson, text=f"{EMAIL} Number {n}.")
        submit(other.learner, lesson, text=f"{EMAIL} Again {n}.")
        WritingComment.objects.create(
            submission=done,
            tutor=teacher,
            body="Good.",
            key=uuid.uuid4(),
            created_at=timezone.now(),
        )
    with django_assert_max_num_queries(limit):
        body = client.get(list_url(room)).content.decode()
    assert body.count('class="card writing-row"') == 31

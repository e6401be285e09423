"""progress.writing and the learner's side of writing exercises: an accepted answer
is kept once as a submission, through the answer view and the offline sync alike;
a refused one changes nothing; the learner sees what they sent and the tutor's
comment on the step, on the summary, under My writing and on the home page."""

import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from progress import recording, syncing, writing
from progress.models import ExerciseAttempt, LessonProgress, WritingComment, WritingSubmission
from tests.factories.accounts import learner
from tests.factories.courses import MembershipFactory, tutor
from tests.factories.lessons import LessonPageFactory
from tests.support.lesson_fixtures import MULTIPLE_CHOICE, WRITING

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
EMAIL = "Dear Ms Kim, I am sick today. I cannot come to class. Mina"


@pytest.fixture
def lesson():
    return LessonPageFactory(title="Emails", body=[MULTIPLE_CHOICE, WRITING])


def answer_url(lesson, block_id="wr-1"):
    return reverse("progress:answer_exercise", kwargs={"page_id": lesson.pk, "block_id": block_id})


def send(client, lesson, text=EMAIL, key=None, **extra):
    data = {"text": [text], "idempotency_key": [str(key or uuid.uuid4())]}
    return client.post(answer_url(lesson), data, **extra)


def writing_block(lesson):
    return lesson.exercise_blocks()[1]


def submit(user, lesson, text=EMAIL):
    block = writing_block(lesson)
    attempt, _grade = recording.record_answer(
        learner=user, lesson=lesson, block=block, answer={"text": text}, idempotency_key=None
    )
    return attempt.writing_submission


def test_sending_writing_keeps_it_for_the_tutor_and_says_so_in_korean(client, lesson):
    user = learner(ui_language="ko")
    client.force_login(user)
    response = send(client, lesson, text=f"  {EMAIL}\n", **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "선생님께 보냈습니다" in body
    assert "본보기 답" in body and WRITING["value"]["model_answer"] in body
    submission = WritingSubmission.objects.get(learner=user)
    assert (submission.lesson_id, submission.block_id, submission.text) == (
        lesson.pk,
        "wr-1",
        EMAIL,
    )
    attempt = ExerciseAttempt.objects.get(learner=user)
    assert submission.attempt == attempt and attempt.correct
    assert submission.submitted_at == attempt.created_at


def test_the_same_answer_sent_twice_is_one_submission(client, lesson):
    client.force_login(learner())
    key = uuid.uuid4()
    send(client, lesson, key=key, **HTMX)
    send(client, lesson, key=key, **HTMX)
    assert WritingSubmission.objects.count() == 1
    assert ExerciseAttempt.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "먼저 답을 쓰십시오."),
        ("Sick.", "조금 더 쓰십시오."),
        (" ".join(["word"] * 61), "조금 줄여 쓰십시오."),
        ("I am\x00 sick today, sorry Ms Kim.", "답이 너무 길거나"),
        ("x" * 2001, "답이 너무 길거나"),
    ],
)
def test_bad_writing_gets_a_korean_message_and_changes_nothing(client, lesson, text, message):
    client.force_login(learner(ui_language="ko"))
    response = send(client, lesson, text=text, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not WritingSubmission.objects.exists()
    assert not ExerciseAttempt.objects.exists()
    assert not LessonProgress.objects.exists()


def test_a_visitors_writing_is_not_kept_and_they_are_asked_to_sign_in(client, lesson):
    response = send(client, lesson, **HTMX)
    assert response.status_code == 200
    assert "Sign in to send your writing to your tutor." in response.content.decode()
    assert not WritingSubmission.objects.exists()


def test_writing_sent_without_javascript_comes_back_on_its_step(client, lesson):
    client.force_login(learner())
    response = send(client, lesson, follow=True)
    body = response.content.decode()
    assert "선생님께 보냈습니다" in body
    assert "You sent 1 text to your tutor." in body
    assert "Your tutor has not commented yet." in body


def test_writing_counts_as_done_in_the_lesson_score(lesson):
    user = learner()
    submit(user, lesson)
    assert LessonProgress.objects.get(learner=user).best_score == 0.5


def test_writing_answered_offline_becomes_a_submission_once(lesson):
    user = learner()
    now = timezone.now().replace(microsecond=0)
    item = {
        "key": str(uuid.uuid4()),
        "page_id": lesson.pk,
        "block_id": "wr-1",
        "answer": {"text": [EMAIL]},
        "answered_at": int((now - timedelta(minutes=5)).timestamp() * 1000),
    }
    first = syncing.sync_offline(learner=user, payload={"answers": [item]}, now=now)
    again = syncing.sync_offline(learner=user, payload={"answers": [item]}, now=now)
    assert [r.status for r in first + again] == ["recorded", "duplicate"]
    submission = WritingSubmission.objects.get(learner=user)
    assert submission.submitted_at == now - timedelta(minutes=5)


def test_writing_outside_its_limits_offline_is_refused(lesson):
    user = learner()
    now = timezone.now()
    item = {
        "key": str(uuid.uuid4()),
        "page_id": lesson.pk,
        "block_id": "wr-1",
        "answer": {"text": ["Sick."]},
        "answered_at": int(now.timestamp() * 1000),
    }
    [result] = syncing.sync_offline(learner=user, payload={"answers": [item]}, now=now)
    assert result.status == "refused"
    assert not WritingSubmission.objects.exists()


def test_a_comment_sent_twice_with_one_key_is_kept_once(lesson):
    submission = submit(learner(), lesson)
    teacher, key = tutor(), uuid.uuid4()
    first, new = writing.comment_on_writing(
        submission=submission, tutor=teacher, body=" Good email! ", key=key
    )
    again, new_again = writing.comment_on_writing(
        submission=submission, tutor=teacher, body="Good email!", key=key
    )
    assert (new, new_again) == (True, False)
    assert first.pk == again.pk and first.body == "Good email!"
    assert WritingComment.objects.count() == 1


def test_an_empty_comment_is_refused(lesson):
    submission = submit(learner(), lesson)
    with pytest.raises(ValidationError):
        writing.comment_on_writing(
            submission=submission, tutor=tutor(), body="  ", key=uuid.uuid4()
        )
    assert not WritingComment.objects.exists()


def comment(submission, body="Good email! Say 'I cannot come to class today.'"):
    return writing.comment_on_writing(
        submission=submission, tutor=tutor(), body=body, key=uuid.uuid4()
    )[0]


def test_the_step_revisited_counts_the_writing_and_comments_and_links_to_them(client, lesson):
    user = learner()
    comment(submit(user, lesson))
    submit(user, lesson, text="A second short email to my teacher today.")
    client.force_login(user)
    body = client.get(lesson.step_url(2)).content.decode()
    assert "You sent 2 texts to your tutor." in body
    assert "Your tutor left 1 comment." in body
    assert reverse("progress:my_writing") in body


def test_the_step_never_shows_the_text_or_the_comment_a_phone_may_keep(client, lesson):
    user = learner()
    comment(submit(user, lesson), body="Good email, Mina.")
    client.force_login(user)
    body = client.get(lesson.step_url(2)).content.decode()
    assert EMAIL not in body and "Good email, Mina." not in body


def test_the_step_counts_only_the_learners_own_writing(client, lesson):
    comment(submit(learner(), lesson, text="Another learner writes this email today."))
    client.force_login(learner())
    body = client.get(lesson.step_url(2)).content.decode()
    assert "You sent" not in body
    assert "writing-sent" not in body


def test_the_summary_says_the_writing_went_to_the_tutor(client, lesson):
    user = learner()
    submit(user, lesson)
    client.force_login(user)
    body = client.get(lesson.summary_url()).content.decode()
    assert 'id="summary-writing"' in body


def test_my_writing_lists_the_learners_writing_with_comments(client, lesson):
    user = learner()
    comment(submit(user, lesson), body="Nice subject line.")
    submit(learner(), lesson, text="Someone else wrote this short email.")
    client.force_login(user)
    body = client.get(reverse("progress:my_writing")).content.decode()
    assert EMAIL in body and "Nice subject line." in body
    assert "Someone else wrote" not in body


def test_my_writing_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("progress:my_writing"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_writing_query_count_does_not_grow_with_rows(
    client, lesson, django_assert_max_num_queries
):
    user = learner()
    comment(submit(user, lesson))
    client.force_login(user)
    client.get(reverse("progress:my_writing"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("progress:my_writing"))
    limit = len(few.captured_queries)
    for n in range(12):
        other = LessonPageFactory(body=[MULTIPLE_CHOICE, WRITING])
        submission = submit(user, other, text=f"{EMAIL} Number {n}.")
        comment(submission)
        comment(submission)
    client.get(reverse("progress:my_writing"))  # new pages reset cached site roots
    with django_assert_max_num_queries(limit):
        body = client.get(reverse("progress:my_writing")).content.decode()
    assert body.count("writing-sent__comment") == 25


def test_the_home_page_tells_of_a_new_comment_on_writing(client, lesson):
    user = learner()
    submission = submit(user, lesson)
    client.force_login(user)
    assert 'id="writing-comments-notice"' not in client.get("/").content.decode()
    comment(submission)
    body = client.get("/").content.decode()
    assert 'id="writing-comments-notice"' in body
    assert reverse("progress:my_writing") in body


def test_an_old_comment_is_no_longer_news_on_the_home_page(client, lesson):
    user = learner()
    old = comment(submit(user, lesson))
    WritingComment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=15))
    client.force_login(user)
    assert 'id="writing-comments-notice"' not in client.get("/").content.decode()


def test_a_learner_in_no_classroom_is_told_no_tutor_reads_it_yet(client, lesson):
    client.force_login(learner())
    body = send(client, lesson, **HTMX).content.decode()
    assert 'id="no-classroom"' in body
    assert reverse("courses:my_classrooms") in body
    assert 'id="no-classroom"' in client.get(reverse("progress:my_writing")).content.decode()


def test_a_learner_in_a_classroom_is_told_the_tutor_will_read_it(client, lesson):
    membership = MembershipFactory()
    client.force_login(membership.learner)
    body = send(client, lesson, **HTMX).content.decode()
    assert 'id="no-classroom"' not in body
    assert "Your tutor will read it and leave a comment." in body
    assert 'id="no-classroom"' not in client.get(reverse("progress:my_writing")).content.decode()

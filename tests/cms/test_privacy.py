"""A learner's data is theirs alone: every learner URL acts on the signed-in
learner only, whatever ids are sent; visitors are sent to sign in."""

import json
import uuid
from datetime import date, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Revision

import pytest
from allauth.account.models import EmailAddress

from accounts.models import LearnerProfile
from cms import privacy as personal_data
from courses.models import Classroom, TutorBlock, TutorComment, TutorReport
from hub.models import Recommendation, ResourcePage, StoryPage
from hub.proposing import propose_resource
from hub.stories import comment_on_story, submit_story, write_story
from progress import recording, writing
from progress.models import (
    AnkiImport,
    ExerciseAttempt,
    LearnerStats,
    LessonProgress,
    Notification,
    ParameterFit,
    PlacementTest,
    ReviewCard,
    ReviewLog,
    SentMarker,
    WritingComment,
    WritingSubmission,
)
from tests.factories.accounts import PASSWORD, learner
from tests.factories.courses import (
    AssignmentFactory,
    ClassroomFactory,
    MembershipFactory,
    tutor,
    voice_recording,
)
from tests.factories.hub import ResourcePageFactory, StoryIndexPageFactory, directory
from tests.factories.lessons import LessonPageFactory
from tests.factories.tutoring import TutoringSessionFactory, accepted_request
from tests.support.lesson_fixtures import WRITING

pytestmark = pytest.mark.django_db

LEARNER_PAGES = ["accounts:settings", "privacy:privacy", "privacy:export_data"]


@pytest.fixture
def alice(lesson):
    user = learner(display_name="Alice-Secret")
    for block_id, block_type, score in (
        ("mc-1", "multiple_choice", 0.0),
        ("mp-1", "minimal_pair", 1.0),
    ):
        recording.record_attempt(
            learner=user, lesson=lesson, block_id=block_id, block_type=block_type,
            answer={"secret": "alice-answer"}, score=score, correct=score == 1,
        )  # fmt: skip
    card = ReviewCard.objects.filter(learner=user).first()
    ReviewLog.objects.create(
        learner=user, card=card, rating=3, reviewed_at=card.due, source="web", external_id="a-1"
    )
    Notification.objects.create(
        learner=user, kind="review_reminder", text="alice-reminder", created_at=card.due
    )
    return user


def text(response) -> str:
    """A page's body, or the export's, which is streamed."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def snapshot(user):
    return (
        list(ExerciseAttempt.objects.filter(learner=user).values()),
        list(LessonProgress.objects.filter(learner=user).values()),
        list(ReviewCard.objects.filter(learner=user).values()),
        list(ReviewLog.objects.filter(learner=user).values()),
        list(LearnerProfile.objects.filter(user=user).values()),
        get_user_model().objects.get(pk=user.pk).password,
    )


@pytest.mark.parametrize("name", LEARNER_PAGES + ["accounts:recovery_codes"])
def test_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", LEARNER_PAGES)
def test_another_learner_never_sees_alices_data(client, alice, name):
    client.force_login(learner(display_name="Bob"))
    for query in ("", f"?user={alice.pk}", f"?learner={alice.pk}&pk={alice.pk}"):
        body = text(client.get(reverse(name) + query))
        assert "Alice-Secret" not in body
        assert "alice-answer" not in body
        assert "alice-reminder" not in body
        assert alice.username not in body


def test_another_learners_home_shows_none_of_alices_progress(client, alice, lesson):
    client.force_login(learner())
    home = client.get("/", {"user": alice.pk}).context["learner_home"]
    assert home.completed == []
    assert home.reviews_due == 0
    assert "Alice-Secret" not in client.get("/").content.decode()


def test_another_learner_cannot_change_alices_profile_progress_attempts_or_account(
    client, alice, lesson
):
    before = snapshot(alice)
    bob = learner()
    client.force_login(bob)
    settings = {"display_name": "Hacked", "user": alice.pk, "ui_language": "en"}
    settings |= {"gloss_preference": "north", "time_zone": "UTC", "daily_review_goal": 5}
    client.post(
        reverse("accounts:settings"), {**settings, "reminder_hour": 3, "desired_retention": 80}
    )
    client.post(
        reverse("progress:answer_exercise", kwargs={"page_id": lesson.pk, "block_id": "mc-1"}),
        {"choice": ["0"], "learner": alice.pk},
    )
    client.post(reverse("progress:complete_lesson", kwargs={"page_id": lesson.pk}))
    client.post(reverse("accounts:recovery_codes"), {"user": alice.pk})
    client.post(reverse("privacy:delete_account"), {"password": PASSWORD, "user": alice.pk})
    assert snapshot(alice) == before
    assert not get_user_model().objects.filter(pk=bob.pk).exists()


def test_recovery_with_another_learners_name_and_ones_own_code_fails(client, alice):
    from accounts.recovery import issue_recovery_codes

    bob = learner()
    code = issue_recovery_codes(user=bob)[0]
    issue_recovery_codes(user=alice)
    before = snapshot(alice)
    data = {"username": alice.username, "code": code}
    data |= {"new_password1": "taken-over-9x", "new_password2": "taken-over-9x"}
    assert client.post(reverse("accounts:recover_password"), data).status_code == 200
    assert snapshot(alice) == before


def test_export_holds_everything_kept_about_the_learner(client, alice, words):
    client.force_login(alice)
    response = client.get(reverse("privacy:export_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(text(response))
    assert data["account"]["username"] == alice.username
    assert data["profile"]["display_name"] == "Alice-Secret"
    assert len(data["attempts"]) == 2
    assert data["attempts"][0]["answer"] == {"secret": "alice-answer"}
    assert data["lessons"][0]["completed_at"] is not None
    assert len(data["review_cards"]) == 2 * len(words)
    assert {card["word"] for card in data["review_cards"]} == {w.headword for w in words}
    assert [log["rating"] for log in data["review_logs"]] == [3]
    assert [note["text"] for note in data["notifications"]] == ["alice-reminder"]


def test_delete_needs_the_password_and_then_removes_everything(client, alice):
    client.force_login(alice)
    url = reverse("privacy:delete_account")
    assert client.post(url, {"password": "not-it"}).status_code == 400
    assert ExerciseAttempt.objects.filter(learner=alice).exists()
    response = client.post(url, {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=alice.pk).exists()
    for model in (ExerciseAttempt, LessonProgress, ReviewCard, ReviewLog, Notification):
        assert not model.objects.filter(learner_id=alice.pk).exists()
    assert not LearnerProfile.objects.filter(user_id=alice.pk).exists()
    assert "_auth_user_id" not in client.session


# ---------------------------------------------------------------- every row about the learner


def user_fields() -> dict[str, tuple]:
    """Every foreign key and one-to-one field, in any installed app, that points at the user."""
    user_model = get_user_model()
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_parents=False):
            points_at_user = field.concrete and field.related_model is user_model
            if points_at_user and (field.many_to_one or field.one_to_one):
                found[f"{model._meta.label}.{field.name}"] = (model, field)
    return found


def fill_every_section(user, lesson, *, first: int = 0, rows: int = 1):
    """`rows` rows, numbered from `first`, in each section of the export, with a tutor's
    and a classmate's rows beside them."""
    teacher, classmate = tutor(), learner(display_name="Classmate-Secret")
    progress = LessonProgress.objects.get(learner=user, lesson=lesson)
    LearnerStats.objects.update_or_create(
        learner=user, defaults={"refreshed_at": timezone.now(), "streak_days": 4}
    )
    for n in range(first, first + rows):
        fill_progress(user, n)
        fill_classroom(user, n, lesson, teacher=teacher, classmate=classmate, progress=progress)
        fill_hub(user, n, teacher=teacher)
        fill_tutoring(user, n)
    return teacher, classmate


def fill_progress(user, n: int):
    now = timezone.now()
    EmailAddress.objects.create(user=user, email=f"alice{n}@example.org", primary=n == 0)
    AnkiImport.objects.create(learner=user, status="done", new_reviews=5 + n, finished_at=now)
    SentMarker.objects.create(user=user, kind="review_reminder", local_date=date(2026, 1, n + 1))
    ParameterFit.objects.create(
        learner=user, fitted_at=now, reviews_seen=400, kept=True, reason="better", figures={}
    )
    PlacementTest.objects.create(
        learner=user,
        started_at=now,
        finished_at=now,
        level="A2",
        confidence=0.8,
        answers=[[f"letter:{'ABC'[n % 3]}", True, -2.75, 0.25]],
    )


def fill_classroom(user, n: int, lesson, *, teacher, classmate, progress):
    classroom = ClassroomFactory(name=f"Evening class {n}", tutor=teacher)
    MembershipFactory(classroom=classroom, learner=user, joined_at=timezone.now())
    MembershipFactory(classroom=classroom, learner=classmate, joined_at=timezone.now())
    AssignmentFactory(classroom=classroom, lesson=lesson, note=f"Read aloud {n}")
    AssignmentFactory(classroom=classroom, lesson=lesson, learner=classmate)
    TutorComment.objects.create(
        classroom=classroom, tutor=teacher, progress=progress, body=f"Well done {n}",
        created_at=timezone.now(),
    )  # fmt: skip
    voice_recording(user, [teacher], text=f"Read aloud {n}")
    fill_writing(user, n, teacher=teacher)


def fill_writing(user, n: int, *, teacher):
    written = LessonPageFactory(title=f"Emails {n}", body=[WRITING])
    block = written.exercise_blocks()[0]
    answer = {"text": f"Dear Ms Kim, I am sick today, email {n}."}
    attempt, _grade = recording.record_answer(
        learner=user, lesson=written, block=block, answer=answer, idempotency_key=None
    )
    submission, body = attempt.writing_submission, f"Good email {n}"
    writing.comment_on_writing(submission=submission, tutor=teacher, body=body, key=uuid.uuid4())


def fill_tutoring(user, n: int):
    """A tutor the learner chose, a session with the tutor's notes, and another tutor
    the learner blocked and reported."""
    chosen = accepted_request(learner=user, tutor=tutor(), pen_name=f"Spring-{n}")
    TutoringSessionFactory(request=chosen, notes=f"Practised past tense {n}")
    now, blocked = timezone.now(), tutor()
    TutorBlock.objects.create(learner=user, tutor=blocked, created_at=now)
    TutorReport.objects.create(
        learner=user, tutor=blocked, reason="money", text=f"Asked for money {n}", created_at=now
    )


def fill_hub(user, n: int, *, teacher):
    story = write_story(author=user, title=f"Winter {n}", body=f"Snow, and mittens {n}.")
    comment_on_story(story=story, tutor=teacher, text=f"Lovely {n}")
    submit_story(story=story, pen_name=f"Spring-{n}", details_removed=True)
    story.page.save_revision().publish()
    resource = ResourcePageFactory(title=f"Clinic {n}")
    Recommendation.objects.create(tutor=teacher, learner=user, resource=resource, note="Go")
    propose_resource(index=directory(), user=user, data=proposal(f"Newcomers Center {n}"))


def proposal(name: str) -> dict:
    return {
        "name": name, "kind": "community", "regions": ["KR-11"], "languages": ["ko"],
        "website": "https://newcomers.example.org/", "description_ko": "새로 온 사람들의 모임.",
    }  # fmt: skip


@pytest.fixture
def alice_everywhere(alice, lesson):
    StoryIndexPageFactory()
    teacher, classmate = fill_every_section(alice, lesson)
    return alice, teacher, classmate


def export(client, user) -> dict:
    client.force_login(user)
    return json.loads(text(client.get(reverse("privacy:export_data"))))


def test_every_field_pointing_at_the_user_is_exported_or_left_out_with_a_reason():
    known = personal_data.USER_FIELDS_EXPORTED.keys() | personal_data.USER_FIELDS_LEFT_OUT.keys()
    found = user_fields().keys()
    assert sorted(found - known) == [], "export these rows, or say why they are left out"
    assert sorted(known - found) == [], "these fields no longer exist"
    assert not personal_data.USER_FIELDS_EXPORTED.keys() & personal_data.USER_FIELDS_LEFT_OUT.keys()


def test_every_exported_field_has_its_rows_in_the_export(client, alice_everywhere):
    alice, _, _ = alice_everywhere
    data = export(client, alice)
    for name, section in personal_data.USER_FIELDS_EXPORTED.items():
        assert data[section], f"{name} has rows but the export's {section!r} is empty"


def test_export_holds_classrooms_assignments_and_tutors_comments(client, alice_everywhere):
    data = export(client, alice_everywhere[0])
    classrooms = [c["classroom"] for c in data["classrooms"]]
    assert classrooms == ["Evening class 0", "Spring-0 (one to one)"]
    assert data["classrooms"][0]["joined_at"] and data["classrooms"][0]["left_at"] is None
    [assignment] = data["assignments"]
    assert assignment["lesson_or_course"] == "At the pharmacy"
    assert assignment["note"] == "Read aloud 0" and assignment["for_me_alone"] is False
    assert assignment["due_on"] == (timezone.localdate() + timedelta(days=7)).isoformat()
    assert [c["comment"] for c in data["tutor_comments"]] == ["Well done 0"]
    assert data["tutor_comments"][0]["lesson"] == "At the pharmacy"


def test_export_holds_the_learners_writing_with_tutors_comments(client, alice_everywhere):
    [written] = export(client, alice_everywhere[0])["writing"]
    assert (written["lesson"], written["text"]) == (
        "Emails 0",
        "Dear Ms Kim, I am sick today, email 0.",
    )
    assert written["submitted_at"]
    assert [c["comment"] for c in written["comments"]] == ["Good email 0"]


def test_export_holds_stories_recommendations_and_proposals(client, alice_everywhere):
    data = export(client, alice_everywhere[0])
    [story] = data["stories"]
    assert (story["title"], story["pen_name"], story["published"]) == ("Winter 0", "Spring-0", True)
    assert [c["comment"] for c in story["tutor_comments"]] == ["Lovely 0"]
    assert [(r["resource"], r["note"]) for r in data["recommendations"]] == [("Clinic 0", "Go")]
    [proposed] = data["proposals"]
    assert (proposed["name"], proposed["regions"], proposed["published"]) == (
        "Newcomers Center 0", ["KR-11"], False,
    )  # fmt: skip


def test_export_holds_anki_imports_stats_messages_and_email_addresses(client, alice_everywhere):
    data = export(client, alice_everywhere[0])
    assert [i["new_reviews"] for i in data["anki_imports"]] == [5]
    assert "upload" not in data["anki_imports"][0]
    assert data["review_stats"]["streak_days"] == 4
    assert data["messages_sent"] == [{"kind": "review_reminder", "local_date": "2026-01-01"}]
    assert data["account"]["email_addresses"] == [
        {"email": "alice0@example.org", "verified": False, "primary": True}
    ]


def test_export_holds_placement_tests_with_only_right_or_wrong_per_item(client, alice_everywhere):
    data = export(client, alice_everywhere[0])
    (test,) = data["placement_tests"]
    assert test["level"] == "A2" and test["confidence"] == 0.8
    assert test["answers"] == [{"item": "letter:A", "right": True}]


def test_export_holds_requests_to_tutors_sessions_notes_blocks_and_reports(
    client, alice_everywhere
):
    alice, _, _ = alice_everywhere
    data = export(client, alice)
    [chosen] = data["tutor_requests"]
    assert chosen["pen_name"] == "Spring-0" and chosen["status"] == "accepted"
    assert chosen["classroom"] == "Spring-0 (one to one)"
    [session] = chosen["sessions"]
    assert session["tutor_notes"] == "Practised past tense 0" and not session["proposed_by_me"]
    assert "video_link" not in session
    assert len(data["tutors_blocked"]) == 1
    assert [r["text"] for r in data["tutor_reports"]] == ["Asked for money 0"]


def test_export_never_names_a_tutor_or_a_classmate(client, alice_everywhere):
    alice, teacher, classmate = alice_everywhere
    body = json.dumps(export(client, alice), ensure_ascii=False)
    for secret in (teacher.username, classmate.username, "Classmate-Secret"):
        assert secret not in body


def test_export_leaves_out_assignments_set_after_the_learner_left_and_others_own(
    client, alice, lesson
):
    classroom = ClassroomFactory()
    membership = MembershipFactory(classroom=classroom, learner=alice, joined_at=timezone.now())
    AssignmentFactory(classroom=classroom, lesson=lesson, note="While there")
    AssignmentFactory(classroom=classroom, lesson=lesson, learner=learner(), note="Someone else's")
    membership.left_at = timezone.now()
    membership.save()
    AssignmentFactory(classroom=classroom, lesson=lesson, note="After leaving")
    assert [a["note"] for a in export(client, alice)["assignments"]] == ["While there"]


def test_export_query_count_does_not_grow_with_rows(
    client, alice, lesson, django_assert_max_num_queries
):
    StoryIndexPageFactory()
    fill_every_section(alice, lesson)
    client.force_login(alice)
    url = reverse("privacy:export_data")
    text(client.get(url))
    with django_assert_max_num_queries(40) as few:
        text(client.get(url))
    limit = len(few.captured_queries)  # read before the next request resets the log
    fill_every_section(alice, lesson, first=1, rows=5)
    with django_assert_max_num_queries(limit):
        data = json.loads(text(client.get(url)))
    assert len(data["stories"]) == 6 and len(data["classrooms"]) == 12
    assert len(data["tutor_requests"]) == 6 and len(data["tutor_reports"]) == 6
    assert sum(len(written["comments"]) for written in data["writing"]) == 6


def test_deleting_the_account_leaves_no_row_pointing_at_it(client, alice_everywhere):
    alice, _, _ = alice_everywhere
    client.force_login(alice)
    client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    for name, (model, field) in user_fields().items():
        if personal_data.USER_FIELDS_LEFT_OUT.get(name) == personal_data.AUDIT:
            continue  # no constraint, no cascade: the bare id stays, naming no one
        assert not model._base_manager.filter(**{field.attname: alice.pk}).exists(), name
    assert not TutorComment.objects.exists()
    assert not Classroom.objects.filter(name__endswith="(one to one)").exists()
    assert not WritingSubmission.objects.exists()
    assert not WritingComment.objects.exists()


def test_deleting_the_account_deletes_its_published_stories(client, alice_everywhere):
    alice, _, _ = alice_everywhere
    page_ids = [str(pk) for pk in StoryPage.objects.live().values_list("pk", flat=True)]
    assert len(page_ids) == 1
    client.force_login(alice)
    client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert not StoryPage.objects.exists()
    story_type = ContentType.objects.get_for_model(StoryPage)
    assert not Revision.objects.filter(content_type=story_type, object_id__in=page_ids).exists()


def test_deleting_the_account_keeps_its_proposals_without_the_link_to_it(client, alice_everywhere):
    alice, _, _ = alice_everywhere
    client.force_login(alice)
    client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    proposed = ResourcePage.objects.get(title="Newcomers Center 0")
    assert proposed.proposed_by_id is None

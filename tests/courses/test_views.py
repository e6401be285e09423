"""Who may see what: every tutor screen as its tutor, a co-tutor, another tutor and
a learner; the learner's own classroom screens."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

import pytest

from courses.models import Assignment, Classroom, Membership, TutorComment
from tests.factories.accounts import learner
from tests.factories.courses import (
    AssignmentFactory,
    ClassroomFactory,
    CoursePageFactory,
    MembershipFactory,
    tutor,
)
from tests.factories.lessons import LessonPageFactory
from tests.factories.progress import LessonProgressFactory

pytestmark = pytest.mark.django_db


def tutor_urls(assignment, membership, progress):
    pk, learner_id = assignment.classroom_id, membership.learner_id
    return [
        ("get", reverse("courses:classroom", args=[pk])),
        ("get", reverse("courses:classroom_csv", args=[pk])),
        ("get", reverse("courses:session_prep", args=[pk])),
        ("post", reverse("courses:rotate_code", args=[pk])),
        ("post", reverse("courses:settings", args=[pk])),
        ("post", reverse("courses:co_tutors", args=[pk])),
        ("get", reverse("courses:new_assignment", args=[pk])),
        ("get", reverse("courses:edit_assignment", args=[pk, assignment.pk])),
        ("post", reverse("courses:cancel_assignment", args=[pk, assignment.pk])),
        ("get", reverse("courses:learner", args=[pk, learner_id])),
        ("post", reverse("courses:comment", args=[pk, learner_id, progress.pk])),
    ]


def test_every_tutor_url_is_404_for_another_tutor(client, room):
    client.force_login(tutor())
    for method, url in tutor_urls(*room):
        assert getattr(client, method)(url, {"body": "x"}).status_code == 404, url
    assert not TutorComment.objects.exists()
    assert Assignment.objects.active().count() == 1


def test_every_tutor_url_is_403_for_a_learner_even_one_in_the_classroom(client, room):
    client.force_login(room[1].learner)
    for method, url in [*tutor_urls(*room), ("get", reverse("courses:tutor_home"))]:
        assert getattr(client, method)(url).status_code == 403, url


def test_tutor_urls_send_visitors_to_sign_in(client, room):
    for method, url in tutor_urls(*room):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_co_tutor_sees_the_classroom(client, room):
    co_tutor = tutor()
    room[0].classroom.co_tutors.add(co_tutor)
    client.force_login(co_tutor)
    managing = ("/settings/", "/co-tutors/")  # the classroom's own tutor only
    for method, url in tutor_urls(*room):
        if url.endswith(managing):
            continue
        assert getattr(client, method)(url, {"body": "well done"}).status_code in {200, 302}, url


def test_the_tutor_sees_the_grid_with_the_learner(client, room):
    client.force_login(room[0].classroom.tutor)
    response = client.get(reverse("courses:classroom", args=[room[0].classroom_id]))
    assert response.status_code == 200
    assert "Sparrow" in response.content.decode()
    assert room[0].classroom.join_code in response.content.decode()


def test_a_tutor_cannot_open_a_learner_outside_the_classroom(client, room):
    outsider = learner(display_name="Outsider")
    client.force_login(room[0].classroom.tutor)
    url = reverse("courses:learner", args=[room[0].classroom_id, outsider.pk])
    assert client.get(url).status_code == 404


def test_a_learner_who_left_disappears_from_the_dashboard(client, room):
    assignment, membership, _progress = room
    client.force_login(membership.learner)
    client.post(reverse("courses:leave", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.left_at is not None
    client.force_login(assignment.classroom.tutor)
    page = client.get(reverse("courses:classroom", args=[assignment.classroom_id]))
    assert "Sparrow" not in page.content.decode()
    detail = reverse("courses:learner", args=[assignment.classroom_id, membership.learner_id])
    assert client.get(detail).status_code == 404


def test_the_learner_detail_hides_lessons_studied_before_joining(client, room):
    assignment, membership, progress = room
    earlier = membership.joined_at - timedelta(days=3)
    old = LessonProgressFactory(
        learner=membership.learner, lesson=AssignmentFactory().lesson,
        started_at=earlier, last_activity_at=earlier,
    )  # fmt: skip
    client.force_login(assignment.classroom.tutor)
    url = reverse("courses:learner", args=[assignment.classroom_id, membership.learner_id])
    body = client.get(url).content.decode()
    assert assignment.lesson.title in body
    assert old.lesson.title not in body
    comment = reverse(
        "courses:comment", args=[assignment.classroom_id, membership.learner_id, old.pk]
    )
    assert client.post(comment, {"body": "x"}).status_code == 404


def test_the_csv_export_names_learners_by_display_name_only(client, room):
    assignment, membership, _progress = room
    membership.learner.email = "real.person@example.org"
    membership.learner.save()
    client.force_login(assignment.classroom.tutor)
    response = client.get(reverse("courses:classroom_csv", args=[assignment.classroom_id]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[1].startswith("Sparrow,in progress")
    assert "example.org" not in text and membership.learner.username not in text


def test_a_tutor_creates_a_classroom_and_assigns_a_lesson(client):
    teacher = tutor()
    client.force_login(teacher)
    response = client.post(reverse("courses:tutor_home"), {"name": "Tuesday evening"})
    classroom = Classroom.objects.get(tutor=teacher)
    assert response.url == reverse("courses:classroom", args=[classroom.pk])
    lesson = AssignmentFactory().lesson
    today = timezone.localdate()
    response = client.post(
        reverse("courses:new_assignment", args=[classroom.pk]),
        {"lesson": lesson.pk, "kind": "complete", "target_retention": "85",
         "starts_on": today, "due_on": today + timedelta(days=3), "note": "Read it twice"},
    )  # fmt: skip
    assert response.status_code == 302
    assert classroom.assignments.get().note == "Read it twice"
    assert classroom.assignments.get().target_retention == 0.85  # typed as a percent


@pytest.mark.parametrize("typed", ["0.85", "100", "abc"])
def test_a_retention_not_a_percent_is_refused_with_a_message(client, room, typed):
    assignment = room[0]
    client.force_login(assignment.classroom.tutor)
    today = timezone.localdate()
    response = client.post(
        reverse("courses:new_assignment", args=[assignment.classroom_id]),
        {"lesson": assignment.lesson_id, "kind": "keep", "target_retention": typed,
         "starts_on": today, "due_on": today},
    )  # fmt: skip
    assert response.status_code == 200 and 'id="id_target_retention"' in response.content.decode()
    assert b'id="id_target_retention_error"' in response.content
    assert assignment.classroom.assignments.count() == 1


def test_an_assignment_needs_a_lesson_or_a_course(client, room):
    assignment = room[0]
    client.force_login(assignment.classroom.tutor)
    today = timezone.localdate()
    response = client.post(
        reverse("courses:new_assignment", args=[assignment.classroom_id]),
        {"kind": "complete", "target_retention": "85", "starts_on": today, "due_on": today},
    )
    assert response.status_code == 200
    assert response.content.decode().count("Choose a lesson or a course.") == 1
    assert "assignment_lesson_xor_course" not in response.content.decode()
    assert assignment.classroom.assignments.count() == 1


def test_the_tutor_edits_and_cancels_an_assignment(client, room):
    assignment = room[0]
    client.force_login(assignment.classroom.tutor)
    url = reverse("courses:edit_assignment", args=[assignment.classroom_id, assignment.pk])
    fields = {"lesson": assignment.lesson_id, "kind": "complete", "target_retention": "85"}
    later = assignment.due_on + timedelta(days=1)
    client.post(
        url, {**fields, "starts_on": assignment.starts_on, "due_on": later, "note": "Later"}
    )
    assignment.refresh_from_db()
    assert assignment.note == "Later"
    client.post(reverse("courses:cancel_assignment", args=[assignment.classroom_id, assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.cancelled_at is not None


def test_a_tutor_comment_reaches_the_learner(client, room):
    assignment, membership, progress = room
    client.force_login(assignment.classroom.tutor)
    url = reverse(
        "courses:comment", args=[assignment.classroom_id, membership.learner_id, progress.pk]
    )
    client.post(url, {"body": "Good work on the dialogue."})
    client.force_login(membership.learner)
    page = client.get(reverse("courses:my_classrooms")).content.decode()
    assert "Good work on the dialogue." in page


def test_a_learner_sees_which_tutors_see_their_work(client, room):
    assignment, membership, _progress = room
    co_tutor = tutor(username="helper-tutor")
    assignment.classroom.co_tutors.add(co_tutor)
    client.force_login(membership.learner)
    page = client.get(reverse("courses:my_classrooms")).content.decode()
    assert assignment.classroom.tutor.username in page and "helper-tutor" in page


def test_a_learner_cannot_leave_for_someone_else(client, room):
    client.force_login(learner())
    assert client.post(reverse("courses:leave", args=[room[1].pk])).status_code == 404
    assert Membership.objects.get(pk=room[1].pk).left_at is None


def test_a_learner_joins_with_a_code_typed_in_lower_case(client):
    classroom = ClassroomFactory(join_code="ABCD2345")
    user = learner()
    client.force_login(user)
    client.post(reverse("courses:my_classrooms"), {"code": "abcd-2345"})
    assert Membership.objects.current().filter(classroom=classroom, learner=user).exists()


def test_a_wrong_code_is_refused_with_a_message(client):
    client.force_login(learner())
    response = client.post(reverse("courses:my_classrooms"), {"code": "NOPE2345"})
    assert "This classroom code is not right" in response.content.decode()
    assert not Membership.objects.exists()


def test_the_learner_home_lists_assignments_overdue_first(client, room):
    assignment, membership, _progress = room
    overdue = AssignmentFactory(classroom=assignment.classroom)
    overdue.starts_on = overdue.due_on = timezone.localdate() - timedelta(days=2)
    overdue.save()
    client.force_login(membership.learner)
    page = client.get("/").content.decode()
    section = page[page.index('id="assignments"') :]
    assert section.index(overdue.lesson.title) < section.index(assignment.lesson.title)
    assert "due--overdue" in section


def test_the_tutor_adds_and_removes_a_co_tutor_and_renames_the_classroom(client, room):
    classroom = room[0].classroom
    helper = tutor(username="helper-tutor")
    client.force_login(classroom.tutor)
    client.post(reverse("courses:co_tutors", args=[classroom.pk]), {"username": "Helper-Tutor"})
    assert list(classroom.co_tutors.all()) == [helper]
    client.post(
        reverse("courses:settings", args=[classroom.pk]),
        {"name": "Thursday class", "next_session_on": "2026-12-03"},
    )
    classroom.refresh_from_db()
    assert classroom.name == "Thursday class" and str(classroom.next_session_on) == "2026-12-03"
    client.post(reverse("courses:co_tutors", args=[classroom.pk]), {"remove": helper.pk})
    assert not classroom.co_tutors.exists()


def test_only_tutors_can_be_co_tutors(client, room):
    classroom = room[0].classroom
    client.force_login(classroom.tutor)
    client.post(
        reverse("courses:co_tutors", args=[classroom.pk]), {"username": room[1].learner.username}
    )
    assert not classroom.co_tutors.exists()


def test_a_co_tutor_cannot_manage_the_classroom(client, room):
    classroom = room[0].classroom
    helper = tutor()
    classroom.co_tutors.add(helper)
    client.force_login(helper)
    response = client.post(reverse("courses:settings", args=[classroom.pk]), {"name": "Mine"})
    assert response.status_code == 403
    assert (
        client.post(
            reverse("courses:co_tutors", args=[classroom.pk]), {"remove": helper.pk}
        ).status_code
        == 403
    )
    assert classroom.co_tutors.filter(pk=helper.pk).exists()


def test_an_assignment_appears_on_the_learner_home_from_its_start_date(client, room):
    assignment, membership, _progress = room
    assignment.starts_on = seoul_today() + timedelta(days=1)
    assignment.due_on = assignment.starts_on + timedelta(days=3)
    assignment.save()
    client.force_login(membership.learner)
    assert 'id="assignments"' not in client.get("/").content.decode()


def seoul_today():
    """The day of a learner with the default profile, whose home counts Seoul's days."""
    return timezone.localdate(timezone=ZoneInfo("Asia/Seoul"))


def test_a_course_assignment_is_done_on_the_learner_home_once_every_lesson_is(client):
    course = CoursePageFactory()
    first, second = LessonPageFactory(parent=course), LessonPageFactory(parent=course)
    yesterday = seoul_today() - timedelta(days=1)
    assignment = AssignmentFactory(
        lesson=None, course=course, starts_on=yesterday - timedelta(days=7), due_on=yesterday
    )
    user = MembershipFactory(classroom=assignment.classroom, learner=learner()).learner
    LessonProgressFactory(learner=user, lesson=first, completed_at=timezone.now())
    client.force_login(user)
    section = client.get("/").content.decode().split('id="assignments"')[1]
    assert "due--overdue" in section and "badge--done" not in section
    LessonProgressFactory(learner=user, lesson=second, completed_at=timezone.now())
    section = client.get("/").content.decode().split('id="assignments"')[1]
    assert "badge--done" in section and "due--overdue" not in section


def test_a_keep_assignment_is_never_marked_overdue_on_the_learner_home(client, room):
    assignment, membership, _progress = room
    assignment.kind = Assignment.Kind.KEEP
    assignment.starts_on = seoul_today() - timedelta(days=9)
    assignment.due_on = seoul_today() - timedelta(days=2)
    assignment.save()
    client.force_login(membership.learner)
    section = client.get("/").content.decode().split('id="assignments"')[1]
    assert "due--overdue" not in section and "badge--done" not in section


def test_an_assignment_with_both_a_lesson_and_a_course_is_refused_in_words(client, room):
    assignment = room[0]
    client.force_login(assignment.classroom.tutor)
    today = timezone.localdate()
    course = assignment.lesson.get_parent()
    response = client.post(
        reverse("courses:new_assignment", args=[assignment.classroom_id]),
        {"lesson": assignment.lesson_id, "course": course.pk, "kind": "complete",
         "target_retention": "85", "starts_on": today, "due_on": today},
        HTTP_ACCEPT_LANGUAGE="ko",
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("과나 과정을 고르십시오.") == 1
    assert "종류" in page and ">Kind" not in page
    assert "assignment_lesson_xor_course" not in page
    assert assignment.classroom.assignments.count() == 1

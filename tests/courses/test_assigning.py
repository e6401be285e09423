from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

import pytest

from courses import assigning, classrooms, commenting, invites, joining
from courses.exceptions import InvalidClassroomCode, InvalidTutorInvite
from courses.models import JOIN_CODE_ALPHABET, Membership, is_tutor
from tests.factories.accounts import learner
from tests.factories.courses import AssignmentFactory, ClassroomFactory, MembershipFactory, tutor
from tests.factories.progress import LessonProgressFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def test_a_new_classroom_gets_an_unambiguous_join_code():
    classroom = classrooms.create_classroom(tutor=tutor(), name="Evening class")
    assert len(classroom.join_code) == 8
    assert set(classroom.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set("01OI") & set(JOIN_CODE_ALPHABET)


def test_joining_twice_keeps_one_membership_and_counts_one_use():
    classroom = ClassroomFactory()
    user = learner()
    first = joining.join_classroom(learner=user, code=classroom.join_code, now=NOW)
    again = joining.join_classroom(learner=user, code=classroom.join_code.lower(), now=NOW)
    classroom.refresh_from_db()
    assert first == again
    assert classroom.join_code_uses == 1


def test_an_expired_code_joins_no_one():
    classroom = ClassroomFactory(join_code_expires_at=NOW)
    with pytest.raises(InvalidClassroomCode):
        joining.join_classroom(learner=learner(), code=classroom.join_code, now=NOW)
    assert not Membership.objects.exists()


def test_a_code_with_one_use_admits_one_learner():
    classroom = ClassroomFactory(join_code_max_uses=1)
    joining.join_classroom(learner=learner(), code=classroom.join_code, now=NOW)
    with pytest.raises(InvalidClassroomCode):
        joining.join_classroom(learner=learner(), code=classroom.join_code, now=NOW)
    assert Membership.objects.count() == 1


def test_rotating_the_code_retires_the_old_one_and_resets_its_uses():
    classroom = ClassroomFactory(join_code_uses=3)
    old = classroom.join_code
    classrooms.rotate_join_code(classroom=classroom, expires_at=NOW + timedelta(days=2), max_uses=5)
    assert classroom.join_code != old and classroom.join_code_uses == 0
    with pytest.raises(InvalidClassroomCode):
        joining.join_classroom(learner=learner(), code=old, now=NOW)
    joining.join_classroom(learner=learner(), code=classroom.join_code, now=NOW)


def test_leaving_keeps_the_membership_and_joining_again_opens_a_new_window():
    membership = MembershipFactory()
    joining.leave_classroom(membership=membership, now=NOW)
    later = NOW + timedelta(days=1)
    again = joining.join_classroom(
        learner=membership.learner, code=membership.classroom.join_code, now=later
    )
    assert again.pk != membership.pk and again.joined_at == later
    assert Membership.objects.filter(learner=membership.learner).count() == 2


def test_an_assignment_for_one_learner_needs_that_learner_in_the_classroom():
    existing = AssignmentFactory()
    with pytest.raises(ValidationError):
        assigning.create_assignment(
            classroom=existing.classroom, created_by=existing.classroom.tutor,
            lesson=existing.lesson, kind="complete", learner=learner(),
            starts_on=existing.starts_on, due_on=existing.due_on,
        )  # fmt: skip
    assert existing.classroom.assignments.count() == 1


def test_an_assignment_due_before_it_starts_is_refused():
    assignment = AssignmentFactory()
    with pytest.raises(ValidationError):
        assigning.update_assignment(
            assignment=assignment, due_on=assignment.starts_on - timedelta(days=1)
        )


def test_keeping_words_needs_a_lesson_not_a_course():
    assignment = AssignmentFactory()
    with pytest.raises(ValidationError):
        assigning.update_assignment(
            assignment=assignment, kind="keep", lesson=None, course=assignment.lesson.get_parent()
        )


def test_a_comment_keeps_its_text_and_tutor():
    membership = MembershipFactory()
    progress = LessonProgressFactory(learner=membership.learner, lesson=AssignmentFactory().lesson)
    comment = commenting.comment_on_progress(
        classroom=membership.classroom, tutor=membership.classroom.tutor, progress=progress,
        body="  Nice listening.  ", now=NOW,
    )  # fmt: skip
    assert comment.body == "Nice listening." and comment.created_at == NOW


def test_a_tutor_invite_makes_one_tutor_account_once():
    token = invites.create_tutor_invite(created_by=tutor(is_staff=True))
    user = invites.accept_tutor_invite(token=token, username="new-tutor", password="a-long-pw-42")
    assert is_tutor(user)
    with pytest.raises(InvalidTutorInvite):
        invites.accept_tutor_invite(token=token, username="second", password="a-long-pw-42")
    assert not get_user_model().objects.filter(username="second").exists()


def test_a_forged_invite_is_refused():
    with pytest.raises(InvalidTutorInvite):
        invites.invite_from_token("1:forged:signature")

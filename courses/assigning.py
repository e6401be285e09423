"""Writes of assignments: create, change and cancel.

Every function is keyword-only and transactional. An assignment aimed at one
learner needs that learner in the classroom now.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Assignment, Classroom, Membership


@transaction.atomic
def create_assignment(*, classroom: Classroom, created_by, **fields) -> Assignment:
    """Fields: lesson or course, kind, learner (optional), starts_on, due_on, note,
    target_retention."""
    assignment = Assignment(classroom=classroom, created_by=created_by, **fields)
    _check_learner(assignment)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def update_assignment(*, assignment: Assignment, **fields) -> Assignment:
    for name, value in fields.items():
        setattr(assignment, name, value)
    _check_learner(assignment)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def cancel_assignment(*, assignment: Assignment, now: datetime | None = None) -> Assignment:
    if assignment.cancelled_at is None:
        assignment.cancelled_at = now or timezone.now()
        assignment.save(update_fields=["cancelled_at"])
    return assignment


def _check_learner(assignment: Assignment) -> None:
    if assignment.learner_id is None:
        return
    members = Membership.objects.current().filter(classroom_id=assignment.classroom_id)
    if not members.filter(learner_id=assignment.learner_id).exists():
        raise ValidationError({"learner": _("This learner is not in the classroom.")})

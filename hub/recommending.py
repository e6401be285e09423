"""Tutors recommend a resource to a learner, only to a current learner of one of
their classrooms; the learner sees it on their home page."""

from django.db import transaction

from courses.models import Membership

from .exceptions import NotTutorsLearner
from .models import Recommendation, ResourcePage


@transaction.atomic
def recommend_resource(
    *, tutor, learner_id: int, resource: ResourcePage, note: str = ""
) -> Recommendation:
    if not Membership.objects.visible_learners(tutor).filter(learner_id=learner_id).exists():
        raise NotTutorsLearner(f"learner {learner_id} is not taught by tutor {tutor.pk}")
    recommendation = Recommendation(
        tutor=tutor, learner_id=learner_id, resource=resource, note=note
    )
    recommendation.full_clean()
    recommendation.save()
    return recommendation

"""Tutors recommend a resource to a learner, only to a current learner of one of
their classrooms; the learner sees it on their home page."""

from django.db import transaction
from django.http import Http404

from courses.models import Membership

from .models import Recommendation, ResourcePage


def recommendable_learners(tutor):
    """Current learners of the tutor's classrooms, as (id, username) pairs."""
    memberships = Membership.objects.visible_learners(tutor).select_related("learner")
    learners = {m.learner_id: m.learner.get_username() for m in memberships}
    return sorted(learners.items(), key=lambda pair: pair[1])


@transaction.atomic
def recommend_resource(
    *, tutor, learner_id: int, resource: ResourcePage, note: str = ""
) -> Recommendation:
    if not Membership.objects.visible_learners(tutor).filter(learner_id=learner_id).exists():
        raise Http404("not a current learner of this tutor")
    recommendation = Recommendation(
        tutor=tutor, learner_id=learner_id, resource=resource, note=note
    )
    recommendation.full_clean()
    recommendation.save()
    return recommendation

"""Factories of tutor matching: profiles (approved or not), requests (accepted ones
with their one-to-one classroom) and sessions."""

from datetime import timedelta

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from accounts.models import LearnerProfile
from courses.models import Classroom, Membership, TutoringSession, TutorProfile, TutorRequest
from tests.factories.accounts import learner
from tests.factories.courses import tutor


class TutorProfileFactory(DjangoModelFactory):
    """A live (approved) profile of a new tutor in New York, free on weekday evenings;
    pass live=False for one an editor has not approved."""

    tutor = factory.LazyFunction(tutor)
    display_name = factory.Sequence(lambda n: f"Tutor {n}")
    languages = factory.LazyFunction(lambda: ["en"])
    helps_with = factory.LazyFunction(lambda: ["conversation"])
    # Monday to Friday, 19:00–21:00 local.
    availability = factory.LazyFunction(lambda: [[day, 19 * 60, 21 * 60] for day in range(5)])
    time_zone = "America/New_York"
    introduction = "I teach English conversation in the evenings."
    capacity = 3
    live = True

    class Meta:
        model = TutorProfile
        skip_postgeneration_save = True

    @factory.post_generation
    def zone(self, create, extracted, **kwargs):
        """The tutor's account keeps the profile's zone (courses.profiling's rule)."""
        if create:
            profile = LearnerProfile.objects.for_user(self.tutor)
            profile.time_zone = self.time_zone
            profile.save(update_fields=["time_zone"])


class TutorRequestFactory(DjangoModelFactory):
    """A pending request from a new learner to a new tutor."""

    learner = factory.LazyFunction(lambda: learner())
    tutor = factory.LazyFunction(tutor)
    pen_name = factory.Sequence(lambda n: f"Spring {n}")
    level = "A2"
    message = "I want to practise speaking."
    created_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = TutorRequest


def accepted_request(**fields) -> TutorRequest:
    """An accepted request with its one-to-one classroom and the learner's membership."""
    request = TutorRequestFactory(**fields)
    now = timezone.now()
    room = Classroom.objects.create(
        name=f"{request.pen_name} (one to one)",
        tutor=request.tutor,
        join_code=f"M{request.pk:07d}".replace("0", "Z").replace("1", "Y"),
    )
    Membership.objects.create(classroom=room, learner=request.learner, joined_at=now)
    request.status, request.classroom, request.answered_at = (
        TutorRequest.Status.ACCEPTED,
        room,
        now,
    )
    request.save()
    return request


class TutoringSessionFactory(DjangoModelFactory):
    """A session proposed by the tutor of a new accepted request, two days from now."""

    request = factory.LazyFunction(accepted_request)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    minutes = 60
    proposed_by = factory.LazyAttribute(lambda session: session.request.tutor)
    video_link = "https://meet.example.org/spring"
    created_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = TutoringSession

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from cms.models import HomePage
from courses.models import (
    TUTORS_GROUP,
    Assignment,
    Classroom,
    CourseIndexPage,
    CoursePage,
    Membership,
    VoiceRecording,
)
from tests.factories.accounts import learner


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    """A course index under the home page unless given a parent."""

    title = factory.Sequence(lambda n: f"Courses {n}")

    class Meta:
        model = CourseIndexPage

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        return super()._create_instance(model_class, parent or HomePage.objects.get(), kwargs)


class CoursePageFactory(wagtail_factories.PageFactory):
    """A course under a new course index unless given a parent."""

    title = factory.Sequence(lambda n: f"Course {n}")
    title_ko = factory.Sequence(lambda n: f"과정 {n}")
    summary = "Greetings, numbers and getting around."
    summary_ko = "인사, 수, 길 찾기."
    cefr_min = "A1"
    cefr_max = "A2"

    class Meta:
        model = CoursePage

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        return super()._create_instance(model_class, parent or CourseIndexPageFactory(), kwargs)


def tutor(**fields):
    """A user in the Tutors group."""
    from tests.factories.accounts import UserFactory

    return UserFactory(groups=[TUTORS_GROUP], **fields)


class ClassroomFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Class {n}")
    tutor = factory.LazyFunction(tutor)
    join_code = factory.Sequence(lambda n: f"C{n:07d}".replace("0", "Z").replace("1", "Y"))

    class Meta:
        model = Classroom


class MembershipFactory(DjangoModelFactory):
    classroom = factory.SubFactory(ClassroomFactory)
    learner = factory.LazyFunction(lambda: learner())
    joined_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Membership


class AssignmentFactory(DjangoModelFactory):
    """A "complete" assignment of a new lesson to a new classroom, due in a week."""

    classroom = factory.SubFactory(ClassroomFactory)
    lesson = factory.LazyFunction(lambda: lesson_factory()())
    kind = Assignment.Kind.COMPLETE
    starts_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    created_by = factory.SelfAttribute("classroom.tutor")

    class Meta:
        model = Assignment


def lesson_factory():
    from tests.factories.lessons import LessonPageFactory

    return LessonPageFactory


# The first bytes of a WebM file (its EBML signature), enough for the type check.
WEBM = b"\x1a\x45\xdf\xa3" + bytes(60)


def voice_recording(learner, tutors, *, text: str = "pharmacy", **fields) -> VoiceRecording:
    """A recording the learner sent to `tutors`, its file in the test media."""
    recording = VoiceRecording(
        learner=learner,
        text=text,
        content_type="audio/webm",
        size=len(WEBM),
        created_at=timezone.now(),
        **fields,
    )
    recording.audio.save("recording", ContentFile(WEBM), save=False)
    recording.save()
    recording.tutors.set(tutors)
    return recording

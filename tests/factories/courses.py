import factory
import wagtail_factories

from cms.models import HomePage
from courses.models import CourseIndexPage, CoursePage


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

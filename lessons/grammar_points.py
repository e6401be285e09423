"""Grammar points: a lesson names the lessons of the grammar course it uses.

GRAMMAR_COURSE_SLUG is that course: a strand beside the others, whose lessons the
content schema lets lessons name and the placement test draws grammar items from.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import PageChooserPanel
from wagtail.models import Orderable

GRAMMAR_COURSE_SLUG = "grammar"


class LessonGrammarPoint(Orderable):
    """A grammar point a lesson uses: a link to a lesson of the grammar course
    (content/README.md says which course that is)."""

    page = ParentalKey("lessons.LessonPage", on_delete=models.CASCADE, related_name="grammar_links")
    point = models.ForeignKey(
        "lessons.LessonPage",
        on_delete=models.CASCADE,
        related_name="used_by_links",
        verbose_name=_("grammar lesson"),
    )

    panels = [PageChooserPanel("point", "lessons.LessonPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("grammar point")
        constraints = [
            models.UniqueConstraint(fields=["page", "point"], name="unique_lesson_grammar_point")
        ]

    def __str__(self):
        return str(self.point)

    def clean(self):
        super().clean()
        if self.page_id is not None and self.page_id == self.point_id:
            raise ValidationError({"point": _("A lesson cannot name itself as its grammar point.")})

"""Courses: an index of courses under the home page, and courses of ordered lessons."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lessons.models import CEFR_ORDER, CefrLevel, LessonPage


class CourseIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = (
            CoursePage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover_image")
            .prefetch_related("cover_image__renditions")
        )
        return context


class CoursePage(Page):
    title_ko = models.CharField(_("title (Korean)"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    summary_ko = models.TextField(_("summary (Korean)"), blank=True)
    cefr_min = models.CharField(_("lowest CEFR level"), max_length=2, choices=CefrLevel)
    cefr_max = models.CharField(_("highest CEFR level"), max_length=2, choices=CefrLevel)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cover image"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_ko"),
        MultiFieldPanel([FieldPanel("summary"), FieldPanel("summary_ko")], heading=_("Summary")),
        MultiFieldPanel([FieldPanel("cefr_min"), FieldPanel("cefr_max")], heading=_("CEFR range")),
        FieldPanel("cover_image"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("title_ko"),
        index.SearchField("summary"),
        index.SearchField("summary_ko"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["lessons.LessonPage"]

    class Meta:
        verbose_name = _("course")

    def clean(self):
        super().clean()
        if (
            self.cefr_min
            and self.cefr_max
            and CEFR_ORDER.index(self.cefr_min) > CEFR_ORDER.index(self.cefr_max)
        ):
            raise ValidationError({"cefr_max": _("The highest level is below the lowest level.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = LessonPage.objects.child_of(self).live().public()
        return context

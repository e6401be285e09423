"""The hub: a directory of organisations that help (ResourcePage under a
ResourceIndexPage), learners' stories (Story, published as a moderated StoryPage),
and tutors' recommendations.

Invariants: readers see a resource only when it is live and has been verified
(`last_verified` set); a proposal is a draft page until an editor publishes it.
A story draft is visible to its author and their current tutors only; a
published story carries its pen name, never its author.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from courses.learner_names import name_for_tutors
from courses.models import Membership

from .forms import ResourceFilterForm
from .regions import LANGUAGE_CHOICES, REGION_CHOICES, ResourceKind

STALE_AFTER = timedelta(days=365)


class Region(models.Model):
    code = models.CharField(max_length=8, unique=True, choices=REGION_CHOICES)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")

    def __str__(self):
        return str(self.get_code_display())


class Language(models.Model):
    code = models.CharField(max_length=8, unique=True, choices=LANGUAGE_CHOICES)

    class Meta:
        ordering = ["code"]
        verbose_name = _("language")

    def __str__(self):
        return str(self.get_code_display())


class ResourceIndexPage(Page):
    title_ko = models.CharField(_("title (Korean)"), max_length=255, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_ko = models.TextField(_("introduction (Korean)"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_ko"),
        FieldPanel("intro"),
        FieldPanel("intro_ko"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["hub.ResourcePage"]
    max_count = 1
    template = "hub/resource_index_page.html"

    class Meta:
        verbose_name = _("resource directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ResourceFilterForm(request.GET or None)
        resources = ResourcePage.objects.child_of(self).for_readers()
        context["filter_form"] = form
        context["resources"] = form.apply(resources).prefetch_related(
            "regions", "languages", "opportunities"
        )
        return context


class ResourcePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "hub.ResourcePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ResourceQuerySet(PageQuerySet):
    def for_readers(self):
        return self.live().public().filter(last_verified__isnull=False).order_by("title")

    def for_topics(self, tag_ids):
        """Resources sharing a topic tag with `tag_ids` (a list or a subquery)."""
        return self.for_readers().filter(tagged_items__tag_id__in=tag_ids).distinct()

    def stale(self, today):
        """Verified long ago and not yet flagged for this verification."""
        return (
            self.live()
            .filter(last_verified__lt=today - STALE_AFTER)
            .filter(
                Q(stale_flagged_for__isnull=True) | ~Q(stale_flagged_for=models.F("last_verified"))
            )
        )


class ResourcePage(Page):
    # Defined beside the regions so that the filter form needs no model.
    Kind = ResourceKind

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    regions = ParentalManyToManyField(Region, blank=True, verbose_name=_("regions served"))
    languages = ParentalManyToManyField(Language, blank=True, verbose_name=_("languages spoken"))
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("Set when an editor has checked the contact details; readers see it."),
    )
    stale_flagged_for = models.DateField(null=True, blank=True, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    tags = ClusterTaggableManager(through=ResourcePageTag, blank=True, verbose_name=_("topics"))

    objects = PageManager.from_queryset(ResourceQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("tags"), FieldPanel("last_verified")],
            heading=_("Kind, topics and verification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Who it serves"),
        ),
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Public contact"),
        ),
        FieldPanel("description_ko"),
        FieldPanel("description_en"),
        InlinePanel("opportunities", heading=_("Opportunities"), label=_("Opportunity")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("description_en"),
        index.SearchField("description_ko"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["hub.ResourceIndexPage"]
    subpage_types: list[str] = []
    template = "hub/resource_page.html"

    class Meta:
        verbose_name = _("resource")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            context["learners_to_recommend"] = _recommendable_learners(request.user)
        return context


def _recommendable_learners(tutor) -> list[tuple[int, str]]:
    """Current learners of the tutor's classrooms, as (id, name shown to tutors) pairs."""
    memberships = Membership.objects.visible_learners(tutor).select_related(
        "learner__learner_profile"
    )
    learners = {m.learner_id: name_for_tutors(m.learner) for m in memberships}
    return sorted(learners.items(), key=lambda pair: pair[1])


class Opportunity(Orderable):
    class Kind(models.TextChoices):
        CLASS = "class", _("Class")
        SCHOLARSHIP = "scholarship", _("Scholarship")
        EXCHANGE = "exchange", _("Exchange program")

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="opportunities")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("kind"), FieldPanel("deadline"), FieldPanel("link")]

    class Meta(Orderable.Meta):
        verbose_name = _("opportunity")

    def __str__(self):
        return self.title


class StoryIndexPage(Page):
    title_ko = models.CharField(_("title (Korean)"), max_length=255, blank=True)
    intro_ko = models.TextField(_("introduction (Korean)"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("title_ko"), FieldPanel("intro_ko")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["hub.StoryPage"]
    max_count = 1
    template = "hub/story_index_page.html"

    class Meta:
        verbose_name = _("story collection")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = (
            StoryPage.objects.child_of(self).live().public().order_by("-first_published_at")
        )
        return context


class StoryPage(Page):
    """A learner's story as published: the pen name only, never the account."""

    pen_name = models.CharField(_("pen name"), max_length=60)
    body = models.TextField(_("story"))

    content_panels = [*Page.content_panels, FieldPanel("pen_name"), FieldPanel("body")]

    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["hub.StoryIndexPage"]
    subpage_types: list[str] = []
    template = "hub/story_page.html"

    class Meta:
        verbose_name = _("story")


class StoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The author's own stories and those of their tutors' current classroom learners."""
        if not user.is_authenticated:
            return self.none()
        taught = Membership.objects.visible_learners(user).values("learner_id")
        return self.filter(Q(author=user) | Q(author_id__in=taught))


class Story(models.Model):
    """A learner's own writing; private until they submit it, then moderated as a StoryPage."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Sent for publication")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("story"))
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    pen_name = models.CharField(_("pen name"), max_length=60, blank=True)
    identifying_details_removed = models.BooleanField(default=False)
    page = models.OneToOneField(
        StoryPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="story"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("learner story")

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.page is not None and self.page.live


class StoryComment(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="comments")
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.tutor_id} on {self.story_id}"


class RecommendationQuerySet(models.QuerySet):
    def for_learner(self, user):
        """What tutors recommended to `user`, newest first, among readable resources."""
        return (
            self.filter(learner=user, resource__live=True, resource__last_verified__isnull=False)
            .select_related("resource")
            .order_by("-created_at", "-pk")
        )


class Recommendation(models.Model):
    tutor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendations"
    )
    resource = models.ForeignKey(
        ResourcePage, on_delete=models.CASCADE, related_name="recommendations"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")

    def __str__(self):
        return f"{self.resource_id} for {self.learner_id}"

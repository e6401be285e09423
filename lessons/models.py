"""What is taught: vocabulary items, North/South word pairs and lesson pages.

Invariants: a vocabulary item is unique by (headword, sense); its North Korean
gloss may hold several forms separated by "; "; sound traps are derived from
the headword's CMU phones and never stored; a lesson lives under a course.

North Korean provenance: `gloss_nk` holds only forms a source supports
(`nk_status` attested or shared, with `nk_source` saying which); a form no
source supports waits in `nk_candidate` with `nk_status` unverified, where
only editors see it. `north_forms_for_learners()` is the one rule for what a
learner is shown.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.documents import get_document_model_string
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from . import phonetics
from .audio.models import SpokenText  # noqa: F401 (a model of this app)
from .blocks import LessonStreamBlock
from .exercises import exercise_types
from .grammar_points import GRAMMAR_COURSE_SLUG, LessonGrammarPoint  # noqa: F401
from .levels import CEFR_ORDER, CefrLevel, levels_up_to  # noqa: F401 (imported from here too)
from .panels import LevelReportPanel
from .word_pairs import WordPair  # noqa: F401 (a model of this app)


def split_forms(gloss: str) -> list[str]:
    return [form.strip() for form in gloss.split(";") if form.strip()]


class VocabularyItemQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def at_or_below(self, level: str):
        return self.filter(cefr_level__in=levels_up_to(level))

    def north_unverified(self):
        return self.filter(nk_status=VocabularyItem.NorthStatus.UNVERIFIED)


class VocabularyItemTag(TaggedItemBase):
    content_object = ParentalKey(
        "lessons.VocabularyItem", on_delete=models.CASCADE, related_name="tagged_items"
    )


class VocabularyItem(index.Indexed, ClusterableModel):
    """A word or phrase with its North and South Korean glosses.

    Rule: when ``ipa`` is left empty, ``clean()`` fills it from the CMU
    dictionary (``phonetics.ipa_for(headword)``); it stays empty when a word
    of the headword is not in the dictionary.
    """

    class PartOfSpeech(models.TextChoices):
        NOUN = "noun", _("noun")
        VERB = "verb", _("verb")
        ADJECTIVE = "adjective", _("adjective")
        ADVERB = "adverb", _("adverb")
        PHRASE = "phrase", _("phrase")
        PRONOUN = "pronoun", _("pronoun")
        PREPOSITION = "preposition", _("preposition")
        CONJUNCTION = "conjunction", _("conjunction")
        DETERMINER = "determiner", _("determiner")
        INTERJECTION = "interjection", _("interjection")
        NUMBER = "number", _("number")

    class GapType(models.TextChoices):
        LOANWORD_GAP = (
            "loanword_gap",
            _("Loanword gap (South uses an English loan, North a native word)"),
        )
        KONGLISH = "konglish", _("Konglish (the South Korean form misleads)")
        RUSSIAN_BRIDGE = "russian_bridge", _("Russian bridge (North uses a related Russian loan)")
        LOAN_VARIANT = "loan_variant", _("Loan variant (North uses another loan of the same root)")
        LEXICAL = "lexical", _("Lexical (different native words)")
        CONCEPT_GAP = "concept_gap", _("Concept gap (the thing itself is unfamiliar)")
        NONE = "none", _("None")

    class NorthStatus(models.TextChoices):
        ATTESTED = "attested", _("Attested (a named source gives this form)")
        SHARED = "shared", _("Shared (the South Korean word is also the North's)")
        UNVERIFIED = "unverified", _("Unverified (no source yet: learners do not see it)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    headword = models.CharField(_("headword"), max_length=100)
    sense = models.CharField(
        _("sense"), max_length=100, blank=True, default="", help_text=_("Tells homographs apart.")
    )
    part_of_speech = models.CharField(_("part of speech"), max_length=20, choices=PartOfSpeech)
    ipa = models.CharField(
        _("IPA"),
        max_length=200,
        blank=True,
        help_text=_(
            "General American between slashes; left empty, it is filled from the CMU dictionary."
        ),
    )
    cefr_level = models.CharField(_("CEFR level"), max_length=2, choices=CefrLevel)
    gloss_nk = models.CharField(
        _("North Korean gloss"),
        max_length=200,
        blank=True,
        help_text=_("문화어 forms a source supports, separated by '; '. Empty while unverified."),
    )
    nk_status = models.CharField(
        _("North Korean form status"),
        max_length=10,
        choices=NorthStatus,
        default=NorthStatus.UNVERIFIED,
    )
    nk_source = models.TextField(
        _("North Korean form source"),
        blank=True,
        help_text=_(
            "A Ministry pair (MOU pair 노선→로선), a checked row (checked row: <english>), "
            "a URL or a bibliographic reference; for shared, the reason."
        ),
    )
    nk_candidate = models.CharField(
        _("candidate North Korean form"),
        max_length=200,
        blank=True,
        help_text=_("A form no source supports yet, separated by '; '. Editors only."),
    )
    gloss_sk = models.CharField(_("South Korean gloss"), max_length=200, help_text=_("표준어."))
    sk_loanword = models.CharField(_("South Korean loanword"), max_length=100, blank=True)
    gap_type = models.CharField(_("gap type"), max_length=20, choices=GapType, default=GapType.NONE)
    learner_note_ko = models.TextField(_("note for the learner (Korean)"), blank=True)
    example_en = models.CharField(_("example (English)"), max_length=300, blank=True)
    example_ko = models.CharField(_("example (Korean)"), max_length=300, blank=True)
    audio = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("audio"),
    )
    tags = ClusterTaggableManager(through=VocabularyItemTag, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VocabularyItemQuerySet.as_manager()

    search_fields = [
        index.SearchField("headword", boost=2),
        index.AutocompleteField("headword"),
        index.SearchField("gloss_nk"),
        index.AutocompleteField("gloss_nk"),
        index.SearchField("gloss_sk"),
        index.AutocompleteField("gloss_sk"),
        index.SearchField("sk_loanword"),
        index.FilterField("cefr_level"),
        index.FilterField("gap_type"),
        index.FilterField("nk_status"),
    ]

    class Meta:
        ordering = ["headword", "sense"]
        verbose_name = _("vocabulary item")
        constraints = [
            models.UniqueConstraint(fields=["headword", "sense"], name="unique_headword_sense")
        ]

    def __str__(self):
        return f"{self.headword} ({self.sense})" if self.sense else self.headword

    def clean(self):
        super().clean()
        if not self.ipa:
            self.ipa = phonetics.ipa_for(self.headword)
        errors = provenance_errors(self.nk_status, self.nk_source, self.gloss_nk)
        if errors:
            raise ValidationError(errors)

    @property
    def nk_forms(self) -> list[str]:
        return split_forms(self.gloss_nk)

    def north_forms_for_learners(self) -> list[str]:
        """The North Korean forms a learner may see: none unless attested or shared."""
        if self.nk_status == self.NorthStatus.UNVERIFIED:
            return []
        return self.nk_forms

    def labelled_glosses(self, preference: str) -> list[tuple[str, str]]:
        """The meanings a learner with this gloss preference ("north", "south" or
        "both") sees, each with its side: the South's form when there is no North
        Korean form to show. Lesson word cards and review cards both show these."""
        north = ", ".join(self.north_forms_for_learners())
        glosses = [("north", north)] if preference != "south" and north else []
        if preference != "north" or not north:
            glosses.append(("south", self.gloss_sk))
        return glosses

    @property
    def sound_traps(self) -> frozenset[str]:
        return phonetics.sound_traps(self.headword)

    def sound_trap_list(self) -> list[str]:
        """The sound traps in their fixed display order."""
        traps = self.sound_traps
        return [trap for trap in phonetics.SOUND_TRAPS if trap in traps]


def provenance_errors(status: str, source: str, gloss_nk: str) -> dict[str, str]:
    """{field: problem} for a North Korean status that its source or gloss contradicts."""
    if status == VocabularyItem.NorthStatus.UNVERIFIED:
        if gloss_nk.strip():
            return {"gloss_nk": "must be empty while unverified: put the form in nk_candidate"}
        return {}
    if not source.strip():
        return {"nk_source": f"is required when nk_status is {status}"}
    if not gloss_nk.strip():
        return {"gloss_nk": f"is required when nk_status is {status}"}
    return {}


class LessonPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "lessons.LessonPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LessonPageQuerySet(PageQuerySet):
    def ids_by_course(self, courses) -> dict[int, list[int]]:
        """{course page id: ids of the lessons directly under it, in tree order}, in one query."""
        courses = list(courses)
        under_any = Q(pk__in=[])
        for course in courses:
            under_any |= self.child_of_q(course)
        found = {course.pk: [] for course in courses}
        for pk, path in self.filter(under_any).order_by("path").values_list("pk", "path"):
            owner = next(course for course in courses if path.startswith(course.path))
            found[owner.pk].append(pk)
        return found


class LessonPage(RoutablePageMixin, Page):
    """A lesson in steps, each its own plain page: the words (step 0: every block that is
    not an exercise), one exercise per step, the exercises to answer again (learner's
    data, so the progress app says which), and a summary."""

    title_ko = models.CharField(_("title (Korean)"), max_length=255)
    cefr_level = models.CharField(_("CEFR level"), max_length=2, choices=CefrLevel)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("One per line."))
    objectives_ko = models.TextField(
        _("objectives (Korean)"), blank=True, help_text=_("One per line.")
    )
    body = StreamField(LessonStreamBlock(), blank=True, verbose_name=_("body"))
    tags = ClusterTaggableManager(through=LessonPageTag, blank=True, verbose_name=_("topics"))

    objects = PageManager.from_queryset(LessonPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("title_ko"),
        MultiFieldPanel(
            [FieldPanel("cefr_level"), FieldPanel("estimated_minutes"), FieldPanel("tags")],
            heading=_("Level and topics"),
        ),
        MultiFieldPanel(
            [FieldPanel("objectives"), FieldPanel("objectives_ko")], heading=_("Objectives")
        ),
        InlinePanel("vocabulary_links", heading=_("Vocabulary taught"), label=_("Word")),
        InlinePanel(
            "grammar_links",
            heading=_("Grammar points used"),
            label=_("Grammar point"),
            help_text=_("Lessons of the grammar course that this lesson uses."),
        ),
        FieldPanel("body"),
        LevelReportPanel(heading=_("Level report")),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("title_ko"),
        index.SearchField("objectives"),
        index.SearchField("body"),
        index.FilterField("cefr_level"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    def get_context(self, request, *args, number: int = 0, again: bool = False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        exercises = self.exercise_blocks()
        context["course"] = self.get_parent()
        context["step"] = {"number": number, "total": len(exercises), "again": again}
        if number:
            context["exercise"] = exercises[number - 1]
            context["idempotency_key"] = uuid.uuid4()
            return context
        context["vocabulary"] = self.vocabulary_items()
        context["objective_lines"] = _lines(self.objectives)
        context["objective_lines_ko"] = _lines(self.objectives_ko)
        context["teaching_blocks"] = [b for b in self.body if b.block_type not in exercise_types()]
        context["next_lesson"] = self.next_lesson()
        context["grammar_points"] = self.grammar_points()
        context["start_url"] = self.step_url(1) if exercises else self.summary_url()
        return context

    @route("step/<int:number>/", name="step")
    def exercise_step(self, request, number: int):
        return self.render_step(request, number, again=False)

    @route("again/<int:number>/", name="again")
    def again_step(self, request, number: int):
        return self.render_step(request, number, again=True)

    @route("summary/", name="summary")
    def summary(self, request):
        return self.render(request, template="lessons/lesson_summary.html")

    def render_step(self, request, number: int, *, again: bool):
        if not 1 <= number <= len(self.exercise_blocks()):
            raise Http404("No such step in this lesson.")
        return self.render(request, number=number, again=again, template="lessons/lesson_step.html")

    def step_url(self, number: int, *, again: bool = False) -> str:
        if number == 0:
            return self.url
        route = "again" if again else "step"
        return self.url + self.reverse_subpage(route, kwargs={"number": number})

    def summary_url(self) -> str:
        return self.url + self.reverse_subpage("summary")

    def next_lesson(self) -> "LessonPage | None":
        """The next live lesson of this lesson's course, in the course's order."""
        following = LessonPage.objects.live().sibling_of(self).filter(path__gt=self.path)
        return following.order_by("path").first()

    def vocabulary_items(self) -> list[VocabularyItem]:
        links = self.vocabulary_links.select_related("item", "item__audio").order_by("sort_order")
        return [link.item for link in links]

    def grammar_points(self) -> list["LessonPage"]:
        """The live grammar lessons this lesson names, in their order."""
        links = self.grammar_links.filter(point__live=True).select_related("point")
        return [link.point for link in links.order_by("sort_order")]

    def exercise_blocks(self) -> list:
        return [child for child in self.body if child.block_type in exercise_types()]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class LessonVocabulary(Orderable):
    page = ParentalKey(LessonPage, on_delete=models.CASCADE, related_name="vocabulary_links")
    item = models.ForeignKey(
        VocabularyItem,
        on_delete=models.PROTECT,
        related_name="lesson_links",
        verbose_name=_("vocabulary item"),
    )

    panels = [FieldPanel("item")]

    class Meta(Orderable.Meta):
        verbose_name = _("lesson word")
        constraints = [models.UniqueConstraint(fields=["page", "item"], name="unique_lesson_word")]

    def __str__(self):
        return str(self.item)

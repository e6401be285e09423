from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CefrLevel, VocabularyItem
from .panels import SoundTrapsPanel, SouthFormInput


class SoundTrapsColumn(Column):
    def get_value(self, instance):
        return ", ".join(instance.sound_trap_list())


def filter_choice(label, choices):
    return forms.ChoiceField(
        label=label,
        choices=[("", _("All"))] + list(choices),
        required=False,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )


class VocabularyChooserFilterForm(SearchFilterMixin, BaseFilterForm):
    """Search by headword or gloss, narrowed by level and gap type."""

    cefr_level = filter_choice(_("CEFR level"), CefrLevel.choices)
    gap_type = filter_choice(_("gap type"), VocabularyItem.GapType.choices)

    def filter(self, objects):
        # Filters go first: the search backend returns results, not a queryset.
        for name in ("cefr_level", "gap_type"):
            if value := self.cleaned_data.get(name):
                objects = objects.filter(**{name: value})
        return super().filter(objects)


class VocabularyChooseMixin:
    filter_form_class = VocabularyChooserFilterForm
    ordering = ["headword", "sense"]

    @property
    def columns(self):
        return [
            *super().columns,
            Column("cefr_level", label=_("CEFR level")),
            Column("gloss_sk", label=_("South Korean gloss")),
            Column("gap_type", label=_("gap type"), accessor="get_gap_type_display"),
        ]


class VocabularyChooseView(VocabularyChooseMixin, ChooseView):
    pass


class VocabularyChooseResultsView(VocabularyChooseMixin, ChooseResultsView):
    pass


class VocabularyChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VocabularyChooseView
    choose_results_view_class = VocabularyChooseResultsView


class VocabularyItemViewSet(SnippetViewSet):
    model = VocabularyItem
    icon = "openquote"
    menu_label = _("Vocabulary")
    menu_order = 210
    add_to_admin_menu = True
    list_display = [
        "headword",
        "sense",
        "cefr_level",
        "gap_type",
        "gloss_nk",
        "gloss_sk",
        SoundTrapsColumn("sound_traps", label=_("Sound traps")),
        Column("nk_status", label=_("North form")),
        UpdatedAtColumn(),
    ]
    list_filter = ["nk_status", "cefr_level", "gap_type"]
    list_per_page = 50
    chooser_viewset_class = VocabularyChooserViewSet
    ordering = ["headword", "sense"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("headword"),
                FieldPanel("sense"),
                FieldPanel("part_of_speech"),
                FieldPanel("cefr_level"),
                FieldPanel("ipa"),
                SoundTrapsPanel(heading=_("Sound traps")),
            ],
            heading=_("English"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("gloss_sk", widget=SouthFormInput(target="id_gloss_nk")),
                FieldPanel("sk_loanword"),
                FieldPanel("gap_type"),
                FieldPanel("learner_note_ko"),
            ],
            heading=_("Korean"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("nk_status"),
                FieldPanel("gloss_nk"),
                FieldPanel("nk_source"),
                FieldPanel("nk_candidate"),
            ],
            heading=_("North Korean form"),
        ),
        MultiFieldPanel([FieldPanel("example_en"), FieldPanel("example_ko")], heading=_("Example")),
        FieldPanel("audio"),
        FieldPanel("tags"),
    ]

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import VocabularyItem
from .panels import SoundTrapsPanel, SouthFormInput


class SoundTrapsColumn(Column):
    def get_value(self, instance):
        return ", ".join(instance.sound_trap_list())


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

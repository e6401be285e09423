"""Authoring help in the Wagtail admin: sound traps, level report, North Korean suggestions,
and the dashboard's queue of North Korean forms to verify."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from . import leveling


class SoundTrapsPanel(Panel):
    """The sound traps of the saved headword (derived from its CMU phones, read only)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lessons/admin/sound_traps_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["traps"] = self.instance.sound_trap_list() if self.instance.headword else []
            return context


class LevelReportPanel(Panel):
    """The lesson's level report (coverage, sentence length, words above level)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lessons/admin/level_report_panel.html"

        def is_shown(self):
            return bool(self.instance.pk and self.instance.cefr_level)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["report"] = leveling.report_for_lesson(self.instance)
            return context


class SouthFormInput(forms.TextInput):
    """A South Korean gloss input that offers North Korean forms from the word pairs."""

    def __init__(self, *, target: str, attrs=None):
        super().__init__(attrs)
        self.target = target

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            "data-north-forms-url": reverse("lessons_north_forms"),
            "data-north-forms-target": self.target,
            # Taking a pair's form records the pair as its source.
            "data-north-status-target": "id_nk_status",
            "data-north-source-target": "id_nk_source",
            "data-north-forms-label": _("North Korean forms (click to add):"),
        }
        return super().get_context(name, value, attrs)

    @property
    def media(self):
        return forms.Media(js=["lessons/admin/north_forms.js"])


class NorthFormsQueuePanel(Component):
    """Dashboard: how many vocabulary items wait for a North Korean source, linking the queue."""

    name = "north_forms_to_verify"
    order = 150
    template_name = "lessons/admin/north_forms_panel.html"

    def __init__(self, count: int):
        self.count = count

    def get_context_data(self, parent_context=None):
        url = reverse("wagtailsnippets_lessons_vocabularyitem:list")
        return {"count": self.count, "url": f"{url}?nk_status=unverified"}

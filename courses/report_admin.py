"""The editors' queue of reports about tutors, in the Wagtail admin.

Unresolved reports come first. Editors see the tutor, the reason, the text and the
date; the learner who reported is "Learner N", never a username. An editor marks a
report resolved with a note; nobody adds or deletes one here. Who may open the queue
is Django's permission on TutorReport (view, change), which migration 0008 gives
the Editors and Moderators groups; superusers have it anyway.
"""

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from .matching import REPORTS_ADMIN
from .models import TutorReport


class TutorColumn(Column):
    def get_value(self, instance):
        profile = getattr(instance.tutor, "tutor_profile", None)
        name = instance.tutor.get_username()
        return f"{name} ({profile.display_name})" if profile else name


class ReporterColumn(Column):
    def get_value(self, instance):
        return _("Learner %(number)d") % {"number": instance.learner_id}


class TextColumn(Column):
    def get_value(self, instance):
        text = instance.text
        return text if len(text) <= 200 else text[:200] + "…"


class ReportIndexView(IndexView):
    def get_base_queryset(self):
        # Unresolved first on every database (PostgreSQL puts NULLs last by itself).
        return TutorReport.objects.select_related("tutor__tutor_profile").order_by(
            F("resolved_at").asc(nulls_first=True), "-created_at", "-pk"
        )


class ResolveReportForm(WagtailAdminModelForm):
    resolved = forms.BooleanField(label=_("Report resolved"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolved"].initial = self.instance.resolved_at is not None

    def save(self, commit=True):
        resolved = self.cleaned_data["resolved"]
        if resolved and self.instance.resolved_at is None:
            self.instance.resolved_at = timezone.now()
        elif not resolved:
            self.instance.resolved_at = None
        return super().save(commit=commit)


class TutorReportViewSet(ModelViewSet):
    model = TutorReport
    name = REPORTS_ADMIN
    icon = "warning"
    menu_label = _("Reports about tutors")
    menu_order = 920
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = ReportIndexView
    list_display = [
        TutorColumn("tutor", label=_("Tutor")),
        Column("reason", label=_("Reason for the report"), accessor="get_reason_display"),
        TextColumn("text", label=_("What happened")),
        Column("created_at", label=_("Reported on")),
        ReporterColumn("learner", label=_("Reported by")),
        Column("resolved_at", label=_("Report resolved")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("tutor", read_only=True),
            FieldPanel("reason", read_only=True),
            FieldPanel("text", read_only=True),
            FieldPanel("created_at", read_only=True),
            FieldPanel("resolved"),
            FieldPanel("editor_note"),
        ],
        base_form_class=ResolveReportForm,
    )

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .profile_forms import TutorProfileAdminForm
from .report_admin import TutorReportViewSet
from .tutor_profiles import TutorProfile


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def register_tutor_invite_menu_item():
    return StaffMenuItem(
        _("Invite a tutor"), reverse("courses:create_tutor_invite"), icon_name="user", order=900
    )


class TutorProfileViewSet(SnippetViewSet):
    """Editors read every profile a tutor sends, and approve it or ask for changes
    through the moderation workflow (courses/migrations/0007)."""

    model = TutorProfile
    icon = "user"
    menu_label = _("Tutor profiles")
    add_to_admin_menu = True
    menu_order = 910
    list_display = ["display_name", "time_zone", "capacity", LiveStatusTagColumn()]
    list_filter = ["live"]
    search_fields = ["display_name", "introduction"]
    edit_handler = ObjectList(
        [
            FieldPanel("display_name"),
            FieldPanel("languages"),
            FieldPanel("helps_with"),
            FieldPanel("availability"),
            FieldPanel("time_zone"),
            FieldPanel("introduction"),
            FieldPanel("capacity"),
        ],
        base_form_class=TutorProfileAdminForm,
    )


register_snippet(TutorProfileViewSet)


@hooks.register("register_admin_viewset")
def register_tutor_reports():
    return TutorReportViewSet()

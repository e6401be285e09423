from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .report_admin import TutorReportViewSet


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def register_tutor_invite_menu_item():
    return StaffMenuItem(
        _("Invite a tutor"), reverse("courses:create_tutor_invite"), icon_name="user", order=900
    )


@hooks.register("register_admin_viewset")
def register_tutor_reports():
    return TutorReportViewSet()

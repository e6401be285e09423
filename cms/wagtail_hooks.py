"""Admin-wide hooks: a new page is created only by an editor's explicit save.

Wagtail 8 autosaves the create form too, which adds the page as a draft before
the editor saves; an abandoned form then leaves a draft whose slug blocks a
retry. Autosave starts once the page exists (after the first Save draft).
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from wagtail import hooks


@hooks.register("before_create_page")
def refuse_autosave_of_a_new_page(request, parent_page, page_class):
    if request.method == "POST" and not request.accepts("text/html"):
        # "validation_error" is a code the autosave indicator shows as given.
        message = _("Not saved yet: save the draft once, then your changes are saved as you type.")
        return JsonResponse(
            {"success": False, "error_code": "validation_error", "error_message": message},
            status=400,
        )
    return None

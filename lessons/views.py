from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .models import WordPair

AUTHOR_PERMISSIONS = ("lessons.add_vocabularyitem", "lessons.change_vocabularyitem")


@require_GET
def north_forms(request):
    """The North Korean forms of ?south=<South Korean form>, for vocabulary authors."""
    if not any(request.user.has_perm(permission) for permission in AUTHOR_PERMISSIONS):
        raise PermissionDenied
    south = request.GET.get("south", "").strip()
    return JsonResponse({"south": south, "north": WordPair.objects.north_forms_for(south)})
